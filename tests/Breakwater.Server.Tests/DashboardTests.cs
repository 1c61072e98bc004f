using System.Diagnostics;
using Breakwater.Testing;
using Microsoft.Playwright;

namespace Breakwater.Server.Tests;

/// <summary>
/// The dashboard in a real headless Chromium (Debian's, driven by Playwright): it loads without console errors,
/// shows an injected oracle spike's halt within two seconds of the event, and opens an incident's timeline on click.
/// </summary>
public class DashboardTests
{
    private static string Chromium => Environment.GetEnvironmentVariable("BREAKWATER_CHROMIUM") ?? "/usr/bin/chromium";

    [Fact]
    public async Task Dashboard_ShowsTheRestrictionWithinTwoSecondsAndOpensTheIncident()
    {
        Assert.True(File.Exists(Chromium), $"no Chromium at {Chromium}: .ci/run installs Debian's chromium package");
        using var procs = new Processes();
        // One source: the ×1.3 spike is unconfirmed (too volatile): the mark freezes and the market goes reduce-only.
        NodeFixture.Write(procs.Dir, manipulation: true, sources: 1);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--replay", "scenario.json", "--speed", "120", "--accounts", "100", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(url + "/");
        await page.WaitForSelectorAsync("[data-testid=status-0]");

        // Watch the stream ourselves to learn when the protocol restricted the market.
        var restricted = await WaitForEvent(url, "\"to\":\"reduceOnly\"", TimeSpan.FromSeconds(40));
        await page.WaitForSelectorAsync("[data-testid=status-0]:has-text('ReduceOnly')", new PageWaitForSelectorOptions { Timeout = 10_000 });
        var lag = restricted.Elapsed;
        Assert.True(lag < TimeSpan.FromSeconds(2), $"the page showed the restriction {lag.TotalMilliseconds:F0} ms after the event");
        Assert.Equal("2", (await page.InnerTextAsync("[data-testid=level-0]")).Trim());
        // The banner tells users what is refused and why, from /v1/status.
        await page.WaitForSelectorAsync("[data-testid=banner-0]:has-text('opening')", new PageWaitForSelectorOptions { Timeout = 10_000 });
        var banner = await page.InnerTextAsync("[data-testid=banner-0]");
        Assert.Contains("opening", banner);
        Assert.Contains("oracle TooVolatile", banner);

        await page.ClickAsync("[data-testid=incident-1]");
        await page.WaitForSelectorAsync("#incident-view:not([hidden]) #incident-timeline li");
        Assert.Contains("OracleTooVolatile", await page.InnerTextAsync("#incident-view"));
        // The incident links the council's prepared response for its trigger.
        await page.WaitForSelectorAsync("[data-testid=incident-runbook]");
        Assert.Contains("runbook show reduce-only-market-", await page.InnerTextAsync("#incident-view"));
        var shot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-incident.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
        Assert.Empty(errors);
    }

    /// <summary>Follows the event stream until a line contains <paramref name="needle"/>; returns a stopwatch started at that moment.</summary>
    private static async Task<Stopwatch> WaitForEvent(string url, string needle, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var cts = new CancellationTokenSource(timeout);
        using var resp = await http.GetAsync($"{url}/v1/events?from=1", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.Contains(needle, StringComparison.Ordinal)) return Stopwatch.StartNew();
        throw new TimeoutException($"no event with {needle}");
    }
}
