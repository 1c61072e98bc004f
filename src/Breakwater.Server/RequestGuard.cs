namespace Breakwater.Server;

/// <summary>
/// Refuses requests a browser page could forge against a node on loopback, before any endpoint runs:
/// a Host that is not one of the node's names (DNS rebinding: a hostile domain resolving to 127.0.0.1) is 421;
/// a state change (POST) carrying an Origin other than the node's own is 403; a POST whose body is not declared
/// <c>application/json</c> is 415 (an HTML form cannot send that type without a CORS preflight, which the node never
/// grants).
/// </summary>
public sealed class RequestGuard(IReadOnlyCollection<string> allowedHosts)
{
    /// <summary>The host names a node answers to: the loopback names plus the host of each URL it listens on.</summary>
    public static RequestGuard For(NodeOptions options)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]", "::1" };
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var u)
                && u.Host is not ("0.0.0.0" or "[::]" or "::"))
                hosts.Add(u.Host);
        foreach (var h in options.AllowedHosts) hosts.Add(h);
        return new RequestGuard(hosts);
    }

    /// <summary>The reason to refuse, as (status, message), or null to go on.</summary>
    public (int Status, string Error)? Check(HttpRequest request)
    {
        var host = request.Host.Host;
        if (!allowedHosts.Contains(host))
            return (StatusCodes.Status421MisdirectedRequest, $"host '{host}' is not one of this node's names ({string.Join(", ", allowedHosts.Order(StringComparer.Ordinal))}); add it with --allowed-host");
        if (!HttpMethods.IsPost(request.Method)) return null;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var o) && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
            return (StatusCodes.Status403Forbidden, $"a state change from origin '{origin}' is refused: only the node's own pages may post");
        var type = request.ContentType ?? "";
        if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (StatusCodes.Status415UnsupportedMediaType, $"the body must be sent as application/json, not '{type}'");
        return null;
    }
}
