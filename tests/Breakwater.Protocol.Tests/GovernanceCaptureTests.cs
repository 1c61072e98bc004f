using Breakwater.Crypto;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

public class GovernanceCaptureTests
{
    private static byte[] RolesPayload(Role role, int threshold, IEnumerable<byte[]> keys)
    {
        var w = new CanonicalWriter().U8((byte)role);
        RoleSet.Create(threshold, keys.Select(k => Address.FromBytes(Secp256k1.AddressOf(k)))).Write(w);
        return w.ToArray();
    }

    private static RoleSet Of(GovernanceConfig c, Role r) => r switch
    {
        Role.Watcher => c.Watchers, Role.Council => c.Council, Role.Guardian => c.Guardians, Role.Peer => c.Peers, _ => c.Dao,
    };

    [Theory]
    [InlineData(Role.Watcher)]
    [InlineData(Role.Council)]
    [InlineData(Role.Guardian)]
    [InlineData(Role.Dao)]
    [InlineData(Role.Peer)]
    public void SetRoles_ReplacesExactlyTheNamedRole(Role role)
    {
        var g = new GovBook();
        var before = g.Engine.State.Governance.Config!;
        var (queue, id) = g.Proposal(DaoOperationKind.SetRoles, RolesPayload(role, 1, g.Strangers.Take(2)), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        g.Book.Mark(100, advance: 3_600);
        g.Book.Ok(new ExecuteOperation(id));
        var after = g.Engine.State.Governance.Config!;
        foreach (var r in Enum.GetValues<Role>())
        {
            var changed = !Of(after, r).Members.SequenceEqual(Of(before, r).Members);
            Assert.True(changed == (r == role), $"SetRoles({role}) {(changed ? "changed" : "left")} {r}");
        }
    }

    [Fact]
    public void ParameterUpdatePaused_TheDaoChangeWaits()
    {
        var g = new GovBook();
        var newParams = new MarketParams { InitialMarginFraction = Fraction.FromPercent(20), MaintenanceMarginFraction = Fraction.FromPercent(10) };
        var (queue, id) = g.Proposal(DaoOperationKind.SetMarketParams, GovBook.ParamsPayload(newParams), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        g.Book.Ok(g.Pause(Role.Guardian, PauseFlags.ParameterUpdate, 7_200, g.Guardians[0]));
        g.Book.Mark(100, advance: 3_600);
        var hash = g.Engine.StateHash();
        Assert.Equal(RejectReason.Paused, g.Book.Apply(new ExecuteOperation(id)).Rejection?.Reason);
        Assert.Equal(hash, g.Engine.StateHash());
        g.Book.Mark(100, advance: 3_601); // the guardian's pause lapses by rule
        g.Book.Ok(new ExecuteOperation(id));
        Assert.Equal(Fraction.FromPercent(20), g.Engine.State.Markets[TestBook.Btc].Params.InitialMarginFraction);
    }
}
