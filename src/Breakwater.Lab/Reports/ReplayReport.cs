namespace Breakwater.Lab.Reports;

/// <summary>The whole report of one replay (written as report.json).</summary>
public sealed class ReplayReport
{
    /// <summary>Scenario name.</summary>
    public string Scenario { get; set; } = "";
    /// <summary>Scenario description.</summary>
    public string Description { get; set; } = "";
    /// <summary>Window start, ISO-8601.</summary>
    public string Start { get; set; } = "";
    /// <summary>Window end, ISO-8601.</summary>
    public string End { get; set; } = "";
    /// <summary>Population seed.</summary>
    public int Seed { get; set; }
    /// <summary>Population size.</summary>
    public int Accounts { get; set; }
    /// <summary>Source labels of the first market (chart legend).</summary>
    public List<string> SourceLabels { get; set; } = [];
    /// <summary>SHA-256 of each data file read.</summary>
    public Dictionary<string, string> DataFiles { get; set; } = [];
    /// <summary>Per policy.</summary>
    public List<PolicyResult> Policies { get; set; } = [];
}
