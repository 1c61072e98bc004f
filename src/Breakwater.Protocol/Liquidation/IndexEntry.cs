namespace Breakwater.Protocol.Liquidation;

/// <summary>
/// Where the liquidation index holds a single-market account: its market and side, and the bucket and slot of its key
/// (<see cref="KeyBuckets"/>), or that it is among the accounts checked on every query (<paramref name="Multi"/>). Kept on
/// the account itself, so a re-index needs no lookup; default = not indexed. The ints come first and the flags last, so
/// it takes 16 bytes on every account, not 32.
/// </summary>
internal readonly record struct IndexEntry(int Market, int Bucket, int Slot, bool Indexed, bool IsLong, bool Multi = false);
