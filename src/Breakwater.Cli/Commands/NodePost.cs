using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Breakwater.Cli.Commands;

/// <summary>The few HTTP calls the signing commands make to a node; every failure is a message and exit code 2.</summary>
internal static class NodePost
{
    /// <summary>POSTs JSON, prints the node's answer, and gives 0 when accepted, 2 otherwise.</summary>
    public static int Submit(string node, string path, string json)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            var response = http.PostAsync(node.TrimEnd('/') + path, content).GetAwaiter().GetResult();
            Console.WriteLine(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            return response.IsSuccessStatusCode ? ExitCodes.Ok : ExitCodes.BadInput;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"error: cannot reach the node at {node}: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>GETs a JSON document (404 included, as its body carries the reason).</summary>
    /// <exception cref="FormatException">unreachable node or a non-JSON answer.</exception>
    public static JsonElement Get(string node, string path)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var response = http.GetAsync(node.TrimEnd('/') + path).GetAwaiter().GetResult();
            return JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            throw new FormatException($"cannot read {path} from the node at {node}: {e.Message}");
        }
    }
}
