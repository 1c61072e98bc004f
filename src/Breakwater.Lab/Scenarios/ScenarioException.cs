namespace Breakwater.Lab.Scenarios;

/// <summary>A scenario or policy that cannot be used: names the file and the problem. Maps to exit code 2.</summary>
public sealed class ScenarioException(string message) : Exception(message);
