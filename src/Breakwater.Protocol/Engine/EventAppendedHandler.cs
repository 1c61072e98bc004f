using Breakwater.Protocol.Events;

namespace Breakwater.Protocol.Engine;

/// <summary>An observer of the event chain, called as each event is appended.</summary>
/// <param name="sequence">The event's position in the chain (1-based: the chain's length after it).</param>
/// <param name="height">The height of the transaction that emitted it.</param>
/// <param name="e">The event.</param>
/// <param name="linkHash">
/// The chain's head after it (32 bytes), valid only during the call: the engine hashes the next link into the same
/// buffer, so an observer that keeps it copies it (<c>linkHash.ToArray()</c>).
/// </param>
public delegate void EventAppendedHandler(long sequence, long height, ProtocolEvent e, ReadOnlySpan<byte> linkHash);
