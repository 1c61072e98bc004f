using System.Reflection;
using Breakwater.Protocol.Engine;

namespace Breakwater.Protocol.Tests;

public class NoFloatingPointTests
{
    private static readonly Type[] Forbidden = [typeof(double), typeof(float), typeof(decimal)];

    [Fact]
    public void CoreTypes_HaveNoFloatingPointFieldsPropertiesOrParameters()
    {
        var offenders = new List<string>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in typeof(ProtocolEngine).Assembly.GetTypes())
        {
            foreach (var f in type.GetFields(all)) if (IsForbidden(f.FieldType)) offenders.Add($"{type.FullName}.{f.Name}");
            foreach (var p in type.GetProperties(all)) if (IsForbidden(p.PropertyType)) offenders.Add($"{type.FullName}.{p.Name}");
            foreach (var m in type.GetMethods(all))
            {
                if (IsForbidden(m.ReturnType)) offenders.Add($"{type.FullName}.{m.Name} returns");
                foreach (var prm in m.GetParameters()) if (IsForbidden(prm.ParameterType)) offenders.Add($"{type.FullName}.{m.Name}({prm.Name})");
            }
        }
        Assert.Empty(offenders);
    }

    private static bool IsForbidden(Type t)
    {
        var e = t.IsByRef || t.IsArray ? t.GetElementType()! : t;
        e = Nullable.GetUnderlyingType(e) ?? e;
        return Forbidden.Contains(e);
    }
}
