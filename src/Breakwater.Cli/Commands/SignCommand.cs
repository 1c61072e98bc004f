using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater sign deposit|withdraw|order|trade|report|liquidate</c>: builds a signed-mode request for a node, signs it
/// with key files (EIP-712 under the domain the node publishes at /v1/access), and prints it or submits it (<c>--submit</c>).
/// Amounts are typed in USD, sizes in base units and prices in USD; the signed message holds the core's integer units.
/// </summary>
public static class SignCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "Node URL (gives the signing domain and the next nonce), e.g. http://127.0.0.1:8545.", Required = true };
        var submit = new Option<bool>("--submit") { Description = "POST the signed request to the node's /v1/tx (exit 2 if refused) instead of printing it." };
        var key = new Option<string>("--key") { Description = "Key file of the signer.", Required = true };
        var bridgeKeys = new Option<string[]>("--key") { Description = "Key file of a bridge signer (repeat for k-of-n).", Required = true, AllowMultipleArgumentsPerToken = false };
        var amount = new Option<string>("--amount") { Description = "Amount, USD (up to 6 decimals).", Required = true };
        var nonce = new Option<long?>("--nonce") { Description = "Nonce; default: the next one the node expects from this address." };
        var expires = new Option<long>("--expires-in") { Description = "Seconds until the message expires (at most 86,400).", DefaultValueFactory = _ => 600 };
        var market = new Option<int>("--market") { Description = "Market id.", Required = true };

        var to = new Option<string>("--to") { Description = "Receiving address (0x0000…0000 funds the insurance fund).", Required = true };
        var depositId = new Option<long>("--deposit-id") { Description = "The bridge's deposit id (larger than every id credited before).", Required = true };
        var deposit = new Command("deposit", "Credit a deposit as the bridge (k-of-n bridge keys).") { node, submit, bridgeKeys, to, amount, depositId, expires };
        deposit.SetAction(p => Run(p, node, submit, d =>
        {
            var keys = p.GetValue(bridgeKeys)!.Select(KeyFile.Load).ToList();
            var m = new DepositMessage(Address.Parse(p.GetValue(to)!), Fixed(p.GetValue(amount)!, 6, "--amount"), p.GetValue(depositId), Expiry(p.GetValue(expires)));
            return UserTypedData.BridgeDeposit(d, m, keys);
        }));

        var withdraw = new Command("withdraw", "Withdraw collateral from your account.") { node, submit, key, amount, nonce, expires };
        withdraw.SetAction(p => Run(p, node, submit, d =>
        {
            var k = KeyFile.Load(p.GetValue(key)!);
            var m = new WithdrawMessage(k.Address, Fixed(p.GetValue(amount)!, 6, "--amount"), NonceOf(p, nonce, node, k), Expiry(p.GetValue(expires)));
            return UserTypedData.Request("withdraw", d, m, k);
        }));

        var side = new Option<string>("--side") { Description = "buy or sell.", Required = true };
        var size = new Option<string>("--size") { Description = "Size, base units (up to 8 decimals).", Required = true };
        var limit = new Option<string>("--limit") { Description = "Limit price, USD: the most a buyer pays, the least a seller takes.", Required = true };
        var order = new Command("order", "Sign a fill-or-kill order (printed as {message, signature}; a matcher pairs two with 'sign trade').") { node, key, market, side, size, limit, nonce, expires };
        order.SetAction(p => Run(p, node, null, d =>
        {
            var k = KeyFile.Load(p.GetValue(key)!);
            var isBuy = p.GetValue(side) switch { "buy" => true, "sell" => false, var s => throw new FormatException($"--side must be buy or sell, not '{s}'") };
            var m = new OrderMessage(k.Address, p.GetValue(market), isBuy, Fixed(p.GetValue(size)!, 8, "--size"), Fixed(p.GetValue(limit)!, 8, "--limit"), NonceOf(p, nonce, node, k), Expiry(p.GetValue(expires)));
            var o = UserTypedData.Request("order", d, m, k);
            o.Remove("type");
            return o;
        }));

        var buy = new Option<string>("--buy") { Description = "File with the signed buy order.", Required = true };
        var sell = new Option<string>("--sell") { Description = "File with the signed sell order.", Required = true };
        var price = new Option<string>("--price") { Description = "Fill price, USD: within both limits and the market's band around the mark.", Required = true };
        var trade = new Command("trade", "Match a signed buy order with a signed sell order.") { node, submit, buy, sell, price };
        trade.SetAction(p => Run(p, node, submit, _ =>
        {
            JsonNode Load(string path) => File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))! : throw new FileNotFoundException($"no order file at {path}");
            Fixed(p.GetValue(price)!, 8, "--price");
            return new JsonObject { ["type"] = "trade", ["buy"] = Load(p.GetValue(buy)!), ["sell"] = Load(p.GetValue(sell)!), ["price"] = p.GetValue(price) };
        }));

        var source = new Option<int>("--source") { Description = "Oracle source id.", Required = true };
        var timestamp = new Option<long?>("--timestamp") { Description = "Observation time, unix seconds; default now." };
        var report = new Command("report", "Sign an oracle report with the source's reporter key.") { node, submit, key, market, source, price, timestamp };
        report.SetAction(p => Run(p, node, submit, d =>
        {
            var k = KeyFile.Load(p.GetValue(key)!);
            var m = new ReportMessage(p.GetValue(market), p.GetValue(source), Fixed(p.GetValue(price)!, 8, "--price"), p.GetValue(timestamp) ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            return UserTypedData.Request("oracleReport", d, m, k);
        }));

        var account = new Option<long>("--account") { Description = "Account id to liquidate.", Required = true };
        var fill = new Option<string>("--fill-price") { Description = "Fill price, USD (within the market's maximum liquidation discount).", Required = true };
        var liquidate = new Command("liquidate", "Liquidate an account below maintenance margin, taking the position into your account.") { node, submit, key, account, market, fill, nonce, expires };
        liquidate.SetAction(p => Run(p, node, submit, d =>
        {
            var k = KeyFile.Load(p.GetValue(key)!);
            var m = new LiquidationMessage(k.Address, p.GetValue(account), p.GetValue(market), Fixed(p.GetValue(fill)!, 8, "--fill-price"), NonceOf(p, nonce, node, k), Expiry(p.GetValue(expires)));
            return UserTypedData.Request("liquidate", d, m, k);
        }));

        var cmd = new Command("sign", "Sign signed-mode requests (deposits as the bridge, withdrawals, orders, trades, oracle reports, liquidations) and submit them to a node.");
        foreach (var c in new[] { deposit, withdraw, order, trade, report, liquidate }) cmd.Subcommands.Add(c);
        return cmd;
    }

    private static int Run(ParseResult p, Option<string> node, Option<bool>? submit, Func<GovernanceDomain, JsonObject> build)
    {
        JsonObject body;
        try { body = build(Domain(p.GetValue(node)!)); }
        catch (Exception e) when (e is FormatException or IOException or ArgumentException or JsonException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var json = body.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (submit is not null && p.GetValue(submit)) return NodePost.Submit(p.GetValue(node)!, "/v1/tx", json);
        Console.WriteLine(json);
        return ExitCodes.Ok;
    }


    private static GovernanceDomain Domain(string node)
    {
        var a = NodePost.Get(node, "/v1/access");
        if (a.TryGetProperty("open", out var open) && open.GetBoolean())
            throw new FormatException($"the node at {node} runs in open mode: it takes unsigned transactions, nothing to sign");
        return GovernanceFile.ReadDomain(a.GetProperty("domain"));
    }

    private static long NonceOf(ParseResult p, Option<long?> nonce, Option<string> node, KeyFile k)
        => p.GetValue(nonce) ?? NodePost.Get(p.GetValue(node)!, $"/v1/addresses/{k.Address.Hex}").GetProperty("nextNonce").GetInt64();

    // Outside the core the wall clock is fine: the core only compares an expiry with its own time.
    private static long Expiry(long seconds) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + seconds;

    private static long Fixed(string text, int decimals, string option)
        => FixedFormat.TryParse(text, decimals, out var units, out var error) && units > 0 ? units : throw new FormatException($"{option} '{text}': {error ?? "must be positive"}");
}
