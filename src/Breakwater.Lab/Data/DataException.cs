namespace Breakwater.Lab.Data;

/// <summary>Bad market data: says which file, which line (1-based, 0 when not line-specific) and why.</summary>
public sealed class DataException(string file, long line, string reason)
    : Exception(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}")
{
    /// <summary>The file.</summary>
    public string File { get; } = file;

    /// <summary>1-based line number, or 0.</summary>
    public long Line { get; } = line;

    /// <summary>What is wrong.</summary>
    public string Reason { get; } = reason;
}
