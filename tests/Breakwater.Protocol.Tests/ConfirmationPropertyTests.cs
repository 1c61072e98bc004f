using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

public class ConfirmationPropertyTests
{
    /// <summary>
    /// Episodes of oracle reports 15 s apart on a one-source market at $100, each of which returns to $100 within the 600 s
    /// confirmation window (at most 39 reports away from it). Kinds: 0 calm (within ±0.3 %); 1 a spike beyond the band
    /// (×0.30 … ×0.93 or ×1.07 … ×3.00); 2 a volatility ratchet: prices alternating inside the 5 % band (±1 … ±4.9 %,
    /// each confirmed at once), then a spike beyond it; 3 a level held inside the band (±1 … ±4.9 %); 4 a staircase that
    /// climbs or falls by 1 … 4.9 % of $100 per report, each step inside the band of the one before. Episodes follow one
    /// another without a gap, so a sequence can keep the price moving for as long as it likes, as long as every excursion
    /// comes back within the window.
    /// </summary>
    private static readonly Gen<(int Kind, int Length, int Inside, int Spike)[]> Episodes =
        Gen.Choose(5, 40).SelectMany(n =>
            Gen.Choose(0, 4).SelectMany(kind => Gen.Choose(1, 39).SelectMany(len => Gen.Choose(100, 490).SelectMany(inside =>
                Gen.OneOf(Gen.Choose(30, 93), Gen.Choose(107, 300)).Select(spike => (kind, len, inside, spike))))).ArrayOf(n));

    [Fact]
    public void PriceReturningWithinTheConfirmationWindow_NeverLiquidatesAnAccountSolventAtTheConfirmedPrice()
    {
        var tooVolatile = 0;
        Prop.ForAll(Episodes.ToArbitrary(), episodes =>
        {
            var b = new TestBook(new MarketParams(), 100);
            b.Deposit(99, 10_000_000);
            // Ten accounts at 1–4× leverage on both sides: solvent at any price within ±5 % of $100, whatever the margin multiplier.
            for (var a = 1; a <= 10; a++)
            {
                b.Deposit(a, 10_000);
                var size = new Size(a % 4 * 100 * Size.Scale + 100 * Size.Scale);
                b.Ok(a % 2 == 0 ? new Trade(TestBook.Btc, a, 99, size, Price.FromDollars(100)) : new Trade(TestBook.Btc, 99, a, size, Price.FromDollars(100)));
            }
            foreach (var (kind, length, inside, spike) in episodes)
            {
                switch (kind)
                {
                    case 0:
                        for (var i = 0; i < length; i++) Report(b, 10_000 - 30 + (inside * 7 + i * 13) % 61);
                        break;
                    case 1:
                        for (var i = 0; i < length; i++) Report(b, 100 * spike);
                        break;
                    case 2:
                        var swings = Math.Max(1, length * 2 / 3);
                        for (var i = 0; i < swings; i++) Report(b, i % 2 == 0 ? 10_000 + inside : 10_000 - inside);
                        for (var i = swings; i < length; i++) Report(b, 100 * spike);
                        break;
                    case 3:
                        for (var i = 0; i < length; i++) Report(b, spike > 100 ? 10_000 + inside : 10_000 - inside);
                        break;
                    default:
                        for (var i = 1; i <= length; i++) Report(b, spike > 100 ? 10_000 + i * inside : Math.Max(100, 10_000 - i * inside));
                        break;
                }
                Report(b, 10_000);
            }
            return true;

            void Report(TestBook book, long cents)
            {
                var r = book.Ok(new OracleReport(TestBook.Btc, 0, new Price(cents * (Price.Scale / 100))), 15);
                if (book.Engine.State.Markets[TestBook.Btc].Validity == OracleValidity.TooVolatile) tooVolatile++;
                Assert.Empty(r.Events.OfType<Liquidated>());
                var found = book.Engine.FindLiquidatable(TestBook.Btc);
                var mk = book.Engine.State.Markets[TestBook.Btc];
                Assert.True(found.Count == 0, $"liquidatable {string.Join(",", found)} after report {cents} at mark {mk.Mark} ({mk.Validity}), mmf {mk.EffectiveMmf.Ppm}, equity {book.Engine.MarginOf(found.FirstOrDefault(1)).Equity} mm {book.Engine.MarginOf(found.FirstOrDefault(1)).MaintenanceRequirement}");
                for (var a = 1; a <= 10; a++)
                {
                    var m = book.Engine.State.Markets[TestBook.Btc];
                    var closingLong = a % 2 == 0;
                    var tryIt = book.Engine.Apply(new Liquidate(a, TestBook.Btc, 99, m.LiquidationFillBound(closingLong)) { Time = book.Time });
                    Assert.False(tryIt.Accepted, $"account {a} liquidated at mark {m.Mark} while the oracle said {m.Index} ({m.Validity})");
                }
            }
        }).Check(Seeded.Config(60));
        Assert.True(tooVolatile > 100, $"only {tooVolatile} unconfirmed reports: the spikes never tested the confirmation");
    }
}
