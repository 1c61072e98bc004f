using System.Reflection;
using Breakwater.Protocol.Engine;

namespace Breakwater.Protocol.Tests;

public class ReadOnlyStateTests
{
    private static readonly Type[] MutableCollections =
        [typeof(List<>), typeof(Dictionary<,>), typeof(SortedDictionary<,>), typeof(SortedList<,>), typeof(SortedSet<>), typeof(HashSet<>), typeof(Queue<>), typeof(Stack<>)];

    [Fact]
    public void NoPublicPropertyOfTheCore_HandsOutAMutableCollection()
    {
        // Only the engine's handlers change state: every collection the core shows outside the assembly is a read-only view.
        var offenders = typeof(ProtocolEngine).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(p => p.GetMethod is { IsPublic: true } && IsMutableCollection(p.PropertyType))
                .Select(p => $"{t.Name}.{p.Name} ({p.PropertyType.Name})"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(offenders.Count == 0, "public mutable collections: " + string.Join(", ", offenders));
    }

    [Fact]
    public void TheCheck_FindsAMutableCollection()
    {
        Assert.True(IsMutableCollection(typeof(Dictionary<long, int>)));
        Assert.True(IsMutableCollection(typeof(SortedSet<string>)));
        Assert.False(IsMutableCollection(typeof(IReadOnlyDictionary<long, int>)));
    }

    private static bool IsMutableCollection(Type t)
        => t.IsGenericType && MutableCollections.Contains(t.GetGenericTypeDefinition());
}
