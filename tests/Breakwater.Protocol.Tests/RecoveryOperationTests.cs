using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>The DAO's recovery operation: its payload is checked when queued; executed, it records the decision for the node.</summary>
public class RecoveryOperationTests
{
    private static byte[] Payload(long from, params long[] excluded) => DaoPayloads.Recover(from, excluded);

    [Theory]
    [InlineData(10, new long[0], "at least one height")]
    [InlineData(10, new long[] { 10 }, "not above H")]
    [InlineData(10, new long[] { 12, 11 }, "ascending")]
    [InlineData(-1, new long[] { 3 }, "H must be")]
    public void BadPayload_IsRefusedWhenQueued_WithTheReason(long from, long[] excluded, string reason)
    {
        var g = new GovBook();
        var (queue, _) = g.Proposal(DaoOperationKind.Recover, Payload(from, excluded), g.Dao[0], g.Dao[1]);
        var r = g.Book.Apply(queue);
        Assert.Equal(RejectReason.InvalidOperation, r.Rejection!.Reason);
        Assert.Contains(reason, r.Rejection.Detail);
    }

    [Fact]
    public void Executed_AfterTheTimelock_RecordsTheApprovedRecovery_AndTheCouncilCanVetoItBefore()
    {
        var g = new GovBook();
        var (queue, id) = g.Proposal(DaoOperationKind.Recover, Payload(5, 7, 9), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        var done = g.Book.Ok(new ExecuteOperation(id), 3_600);
        var approved = Assert.Single(done.Events.OfType<RecoveryApproved>());
        Assert.Equal(5L, approved.From);
        Assert.Equal([7L, 9L], approved.Excluded);

        var (second, id2) = g.Proposal(DaoOperationKind.Recover, Payload(5, 8), g.Dao[0], g.Dao[1]);
        g.Book.Ok(second);
        g.Book.Ok(g.Veto(id2, g.Council[0], g.Council[1]));
        Assert.Equal(RejectReason.UnknownOperation, g.Book.Apply(new ExecuteOperation(id2), 3_600).Rejection!.Reason);
    }
}
