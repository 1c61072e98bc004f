using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

public class GovernancePropertyTests
{
    /// <summary>Everything a governance message could change: parameters, pause flags, level floors and roles.</summary>
    private static string Fingerprint(GovBook g)
    {
        var s = g.Engine.State;
        var m = s.Markets[TestBook.Btc];
        var w = new CanonicalWriter();
        m.Params.Write(w);
        w.U8((byte)m.Paused).I64(m.PausedUntil).U8((byte)s.GlobalPaused).I64(s.GlobalPausedUntil).I32((int)m.ExternalLevel).I32((int)m.Ladder.Level).U8((byte)m.Status);
        s.Governance.Config!.Write(w);
        return Convert.ToHexString(w.WrittenSpan);
    }

    [Fact]
    public void MessagesBelowThreshold_NeverChangeParametersFlagsOrRoles()
    {
        var op = Gen.Choose(0, 4).SelectMany(kind => Gen.Choose(0, 1_000).Three().Select(t => (kind, t.Item1, t.Item2, t.Item3)));
        Prop.ForAll(op.ArrayOf().ToArbitrary(), ops =>
        {
            var g = new GovBook();
            var before = Fingerprint(g);
            foreach (var (kind, a, b, c) in ops)
            {
                // Signer sets below threshold: one council key, one DAO key, up to two distinct watchers, any strangers, duplicates.
                var council = new[] { g.Council[a % 3] }.Concat(Enumerable.Repeat(g.Council[a % 3], b % 2)).Concat(g.Strangers.Take(c % 3)).ToArray();
                var dao = new[] { g.Dao[b % 3] }.Concat(g.Strangers.Take(a % 2)).ToArray();
                Transaction tx = kind switch
                {
                    0 => g.Pause(Role.Council, (PauseFlags)(1 << (c % 6)), 1 + a, council),
                    1 => g.Proposal(DaoOperationKind.Unpause, GovBook.UnpausePayload(PauseFlags.All), dao).Tx,
                    2 => g.Proposal(DaoOperationKind.SetMarketParams, GovBook.ParamsPayload(new MarketParams { InitialMarginFraction = Fraction.FromPercent(1 + c % 50), MaintenanceMarginFraction = Fraction.FromPercent(1) }), dao).Tx,
                    3 => g.Attestation(new[] { g.Watchers[0], g.Watchers[1], g.Strangers[0] }[a % 3], level: 1 + b % 3),
                    _ => g.Pause(Role.Guardian, PauseFlags.Open, 10, g.Strangers[b % 3]),
                };
                g.Book.Apply(tx, advance: c % 50);
            }
            Assert.Equal(before, Fingerprint(g));
        }).Check(Seeded.Config(60));
    }

    [Fact]
    public void CoreAttestationHash_EqualsTheTypedDataJsonHash()
    {
        // The schema published for wallets: the JSON below, hashed by the generic EIP-712 encoder, must give the core's digest.
        var m = new AttestationMessage(3, 2, GovBook.Incident, 900, 42, 1_800_000_000);
        var core = new Eip712(EthereumVerifier.Instance).SigningHash(GovBook.Domain, m.StructHash(new Eip712(EthereumVerifier.Instance)));
        var json = $$"""
            { "types": {
                "EIP712Domain": [ {"name":"name","type":"string"}, {"name":"version","type":"string"}, {"name":"chainId","type":"uint256"}, {"name":"verifyingContract","type":"address"} ],
                "Attestation": [ {"name":"market","type":"uint256"}, {"name":"level","type":"uint256"}, {"name":"incident","type":"bytes32"},
                                 {"name":"durationSeconds","type":"uint256"}, {"name":"nonce","type":"uint256"}, {"name":"expiry","type":"uint256"} ] },
              "primaryType": "Attestation",
              "domain": { "name": "Breakwater", "version": "1", "chainId": 31337, "verifyingContract": "{{GovBook.Domain.VerifyingContract.Hex}}" },
              "message": { "market": 3, "level": 2, "incident": "{{Hex.Format(GovBook.Incident)}}", "durationSeconds": 900, "nonce": 42, "expiry": 1800000000 } }
            """;
        Assert.Equal(Hex.Format(core), Hex.Format(TypedData.Parse(json).SigningHash()));
    }
}
