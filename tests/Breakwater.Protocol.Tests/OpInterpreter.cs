using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>
/// Turns generated integer tuples into protocol transactions for property tests: deposits, withdrawals,
/// trades near the mark, oracle moves of up to ±20 %, keeper liquidations, insurance contributions.
/// </summary>
internal sealed class OpInterpreter(ProtocolEngine engine, int sources = 1)
{
    public const long Keeper = 1_000;
    private long _time = 1_700_000_000;

    public static IEnumerable<Transaction> Genesis(MarketParams p, long time)
    {
        yield return new CreateMarket(1, "BTC-USD", p, Price.FromDollars(10_000)) { Time = time };
        yield return new Deposit(Keeper, Usd.FromDollars(1_000_000_000)) { Time = time };
    }

    public IEnumerable<Transaction> Translate((int Kind, int A, int B, int C) op)
    {
        _time += 1 + op.C % 20;
        var m = engine.State.Markets[1];
        var a = 1 + op.A % 6;
        var b = 1 + op.B % 6;
        switch (op.Kind)
        {
            case 0:
                yield return new Deposit(a, Usd.FromDollars(1 + op.C % 50_000)) { Time = _time };
                break;
            case 1:
                yield return new Withdraw(a, Usd.FromDollars(1 + op.C % 20_000)) { Time = _time };
                break;
            case 2:
                var size = new Size((1 + op.C % 50) * Size.Scale / 10);
                var price = new Price(m.Mark.Units + FixedMath.MulDiv(m.Mark.Units, op.B % 5 - 2, 100, Rounding.Floor));
                yield return new Trade(1, a, b, size, price) { Time = _time };
                break;
            case 3:
                var move = op.C % 41 - 20;
                yield return new OracleReport(1, op.B % sources, new Price(Math.Max(1, m.Mark.Units + FixedMath.MulDiv(m.Mark.Units, move, 100, Rounding.Floor)))) { Time = _time };
                break;
            case 4:
                foreach (var id in engine.FindLiquidatable(1))
                {
                    var pos = engine.State.Accounts[id].PositionIn(1)!;
                    var slip = FixedMath.MulDiv(m.Mark.Units, op.C % 8, 100, Rounding.Floor);
                    var fill = pos.Size.Units > 0 ? m.Mark.Units - slip : m.Mark.Units + slip;
                    yield return new Liquidate(id, 1, Keeper, new Price(Math.Max(1, fill))) { Time = _time };
                }
                break;
            default:
                yield return new FundInsurance(Usd.FromDollars(1 + op.C % 5_000)) { Time = _time };
                break;
        }
    }
}
