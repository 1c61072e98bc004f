using System.Text.Json;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Server;

// The shapes of the API's bodies, so that the OpenAPI document describes each one. Money is a JSON number exact to 1e-6 USD,
// prices and sizes to 1e-8 (USD per unit, base units), fractions to 1e-6; hashes are lowercase hex.

/// <summary>An error: what was wrong with the request, or why the node cannot serve it.</summary>
/// <param name="Error">One line naming the problem.</param>
public sealed record ApiError(string Error);

/// <summary>A submission the protocol applied.</summary>
/// <param name="Accepted">Always true.</param>
/// <param name="Height">The transaction's height in the log.</param>
/// <param name="Events">The events it produced.</param>
public sealed record TxAccepted(bool Accepted, long Height, IReadOnlyList<EventRef> Events);

/// <summary>One event of an accepted submission.</summary>
/// <param name="Seq">Sequence number in the event chain.</param>
/// <param name="Kind">Event kind.</param>
/// <param name="Hash">Chain hash after it, hex.</param>
public sealed record EventRef(long Seq, string Kind, string Hash);

/// <summary>A submission the protocol refused; nothing changed.</summary>
/// <param name="Accepted">Always false.</param>
/// <param name="Reason">The refusal reason (e.g. Unauthorized, BadSignature, Replayed, InsufficientMargin, OracleInvalid).</param>
/// <param name="Detail">What was wrong, with the numbers.</param>
public sealed record TxRefused(bool Accepted, string Reason, string Detail);

/// <summary>
/// The body of <c>POST /v1/tx</c>. Signed mode: <c>type</c> with <c>message</c> and <c>signature</c> (withdraw, oracleReport,
/// liquidate), <c>message</c> and <c>signatures</c> (deposit, by the bridge), or <c>buy</c>, <c>sell</c> and <c>price</c>
/// (trade). Open mode: <c>type</c> with the plain fields. Only the fields of the given type are allowed.
/// </summary>
/// <param name="Type">deposit, withdraw, fundInsurance, trade, oracleReport, liquidate or execute.</param>
/// <param name="Message">Signed mode: the EIP-712 message (integers in the core's units).</param>
/// <param name="Signature">Signed mode: 65-byte r‖s‖v, 0x-hex.</param>
/// <param name="Signatures">Signed-mode deposit: the bridge signatures.</param>
/// <param name="Buy">Signed-mode trade: {message: Order, signature}.</param>
/// <param name="Sell">Signed-mode trade: {message: Order, signature}.</param>
/// <param name="Account">Open mode: account id.</param>
/// <param name="Amount">Open mode: USD.</param>
/// <param name="Market">Open mode: market id.</param>
/// <param name="Buyer">Open mode: buying account.</param>
/// <param name="Seller">Open mode: selling account.</param>
/// <param name="Size">Open mode: base units.</param>
/// <param name="Price">Trade price, USD.</param>
/// <param name="Source">Open mode: oracle source id.</param>
/// <param name="Liquidator">Open mode: liquidating account.</param>
/// <param name="FillPrice">Open mode: liquidation fill price, USD.</param>
/// <param name="Operation">execute: the queued operation id, 0x-hex.</param>
public sealed record TxBody(string Type, JsonElement? Message, string? Signature, IReadOnlyList<string>? Signatures, SignedOrder? Buy, SignedOrder? Sell,
    long? Account, decimal? Amount, int? Market, long? Buyer, long? Seller, decimal? Size, decimal? Price, int? Source, long? Liquidator, decimal? FillPrice, string? Operation);

/// <summary>One side of a signed-mode trade.</summary>
/// <param name="Message">The EIP-712 <c>Order</c> message.</param>
/// <param name="Signature">The owner's signature, 0x-hex.</param>
public sealed record SignedOrder(JsonElement Message, string Signature);

/// <summary>A governance action being submitted: the typed data and the signatures collected for it.</summary>
/// <param name="Role">council, guardian, dao or watcher.</param>
/// <param name="TypedData">eth_signTypedData_v4 JSON.</param>
/// <param name="Signatures">65-byte signatures, 0x-hex.</param>
public sealed record GovernanceBody(string Role, JsonElement TypedData, IReadOnlyList<string> Signatures);

/// <summary>A threat signal (Forta alert fields plus the signed core).</summary>
/// <param name="AlertId">Alert id.</param>
/// <param name="Severity">Forta's FindingSeverity: 1 Info, 2 Low, 3 Medium, 4 High, 5 Critical.</param>
/// <param name="Market">Market id on the receiving protocol.</param>
/// <param name="Level">Requested level, 1–3.</param>
/// <param name="Sequence">Publisher's sequence number.</param>
/// <param name="Expiry">Unix seconds.</param>
/// <param name="ChainId">CAIP-2 chain id of the evidence.</param>
/// <param name="Signature">The peer's signature, 0x-hex.</param>
public sealed record SignalBody(string AlertId, int Severity, int Market, int Level, long Sequence, long Expiry, string ChainId, string Signature);

/// <summary>Protocol-wide state.</summary>
/// <param name="Open">True in open (unsigned) mode.</param>
/// <param name="Height">Transactions applied.</param>
/// <param name="Time">Time of the last transaction, unix seconds.</param>
/// <param name="LastEventSeq">Events in the chain.</param>
/// <param name="LogHeadHash">Chain head, hex.</param>
/// <param name="StateHash">State root, hex.</param>
/// <param name="InsuranceFund">USD.</param>
/// <param name="FeePool">USD.</param>
/// <param name="SocializedLoss">USD, cumulative.</param>
/// <param name="TotalDeposits">USD.</param>
/// <param name="TotalWithdrawals">USD.</param>
/// <param name="ClaimsPlusFunds">USD: equals deposits − withdrawals + socialized loss.</param>
/// <param name="ProtocolLevel">Highest market level, 0–4.</param>
/// <param name="GlobalPaused">Protocol-wide pause flags in force.</param>
/// <param name="Accounts">Number of accounts.</param>
/// <param name="ReplayProgress">0–1 in replay mode, else null.</param>
/// <param name="PendingOperations">Queued DAO operations.</param>
/// <param name="AccountsRoot">Root of the sparse Merkle tree over every account and market (hex; <c>GET /v1/accounts/{id}/proof</c>, <c>GET /v1/markets/{id}/proof</c>).</param>
/// <param name="Vault">The timelocked liquidity vault, USD (protocol-owned liquidity moved out of harm's way).</param>
/// <param name="VaultLockedUntil">Until when the vault is locked, unix seconds (0 = never locked).</param>
public sealed record StateView(bool Open, long Height, long Time, long LastEventSeq, string LogHeadHash, string StateHash, Usd InsuranceFund, Usd FeePool,
    Usd SocializedLoss, Usd TotalDeposits, Usd TotalWithdrawals, Usd ClaimsPlusFunds, int ProtocolLevel, string GlobalPaused, int Accounts,
    double? ReplayProgress, IReadOnlyList<PendingOperationView> PendingOperations, string AccountsRoot, Usd Vault, long VaultLockedUntil);

/// <summary>A queued DAO operation.</summary>
/// <param name="Id">Operation id, 0x-hex.</param>
/// <param name="Kind">Operation kind.</param>
/// <param name="Eta">Earliest execution, unix seconds.</param>
/// <param name="State">Waiting, Ready or Expired.</param>
public sealed record PendingOperationView(string Id, string Kind, long Eta, string State);

/// <summary>One market.</summary>
/// <param name="Id">Market id.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Mark">Mark price, USD.</param>
/// <param name="Index">Index price, USD.</param>
/// <param name="Reference">Price-band reference, USD.</param>
/// <param name="BandLow">Lower band edge, USD (0 when the band is off).</param>
/// <param name="BandHigh">Upper band edge, USD (0 when the band is off).</param>
/// <param name="Status">Normal, ReduceOnly, Halted or Settlement.</param>
/// <param name="Level">Response level, 0–4.</param>
/// <param name="Trigger">What raised the level.</param>
/// <param name="Incident">Open incident id, or 0.</param>
/// <param name="Validity">Oracle grade.</param>
/// <param name="OpenInterest">Base units.</param>
/// <param name="MarginMultiplier">Margin multiplier in force.</param>
/// <param name="Paused">Pause flags in force.</param>
/// <param name="PausedUntil">When they lapse, unix seconds (0 = until the DAO lifts them).</param>
/// <param name="Sources">Oracle sources.</param>
/// <param name="FundingRatePpb">Rate of the last settled funding interval, 1e-9 (positive: longs paid shorts).</param>
/// <param name="NextFundingAt">When the current funding interval falls due, unix seconds (0 = funding off); it is settled at the first Valid report from then.</param>
public sealed record MarketView(int Id, string Symbol, Price Mark, Price Index, Price Reference, Price BandLow, Price BandHigh, string Status, int Level,
    string Trigger, long Incident, string Validity, Size OpenInterest, Fraction MarginMultiplier, string Paused, long PausedUntil, int Sources,
    long FundingRatePpb, long NextFundingAt);

/// <summary>One account.</summary>
/// <param name="Id">Account id.</param>
/// <param name="Owner">Signed mode: the address that signs for it.</param>
/// <param name="Collateral">USD.</param>
/// <param name="Equity">USD at the marks.</param>
/// <param name="InitialMargin">USD.</param>
/// <param name="MaintenanceMargin">USD.</param>
/// <param name="FreeCollateral">USD withdrawable.</param>
/// <param name="Positions">Open positions.</param>
public sealed record AccountView(long Id, string? Owner, Usd Collateral, Usd Equity, Usd InitialMargin, Usd MaintenanceMargin, Usd FreeCollateral, IReadOnlyList<PositionView> Positions);

/// <summary>A prepared containment step (the council's runbook), as <c>breakwater runbook prepare</c> builds it.</summary>
/// <param name="Name">Runbook name; prepared files are <c>NAME-market-ID.json</c>, or <c>NAME.json</c> when protocol-wide.</param>
/// <param name="Title">One line.</param>
/// <param name="ProtocolWide">True for a protocol-wide pause.</param>
/// <param name="Flags">Pause flags it switches on (<c>None</c> for a veto).</param>
/// <param name="Triggers">Incident triggers it answers.</param>
/// <param name="When">When to use it.</param>
/// <param name="What">What it does.</param>
/// <param name="Lapses">How it ends.</param>
public sealed record RunbookView(string Name, string Title, bool ProtocolWide, string Flags, IReadOnlyList<string> Triggers, string When, string What, string Lapses);

/// <summary>What users of one market can do now, and why not (<c>GET /v1/status</c>; the dashboard's banner shows the same).</summary>
/// <param name="Id">Market id.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Status">Active, ReduceOnly, Halted or Settlement.</param>
/// <param name="Level">Response level 0–4.</param>
/// <param name="Trigger">What raised the level (None at 0).</param>
/// <param name="LevelUntil">When the level may step down by its cooldown (unix seconds), or null at level 0.</param>
/// <param name="Validity">Oracle grade.</param>
/// <param name="Paused">Pause flags in force, the market's and the protocol's together.</param>
/// <param name="PausedUntil">When the pause lapses (unix seconds); 0 = none, or until the DAO lifts it.</param>
/// <param name="CanOpen">New or larger positions accepted.</param>
/// <param name="CanReduce">Closing or reducing accepted.</param>
/// <param name="CanLiquidate">Liquidations run.</param>
/// <param name="CanWithdraw">Holders of this market can withdraw (if their margin allows).</param>
/// <param name="Summary">One line for people: "normal", or what is refused, why and until when.</param>
public sealed record MarketStatusView(int Id, string Symbol, string Status, int Level, string Trigger, long? LevelUntil, string Validity, string Paused, long PausedUntil,
    bool CanOpen, bool CanReduce, bool CanLiquidate, bool CanWithdraw, string Summary);

/// <summary>The protocol's status for users and front ends.</summary>
/// <param name="Time">Node time, unix seconds.</param>
/// <param name="GlobalPaused">Protocol-wide pause flags in force.</param>
/// <param name="GlobalPausedUntil">When they lapse (unix seconds), 0 = none or until the DAO lifts them.</param>
/// <param name="Markets">Every market, by id.</param>
public sealed record StatusView(long Time, string GlobalPaused, long GlobalPausedUntil, IReadOnlyList<MarketStatusView> Markets);

/// <summary>A Merkle proof of one account against the root over accounts and markets (hash rule in <c>AccountTree</c>; check it with <c>node web/tools/verify-proof.mjs</c>).</summary>
/// <param name="Account">Account id.</param>
/// <param name="Height">The height the root holds at.</param>
/// <param name="Root">Accounts root, hex.</param>
/// <param name="Leaf">The account's canonical bytes, hex, little-endian (I64 id, I64 collateral 1e-6 USD, I32 n, n × (I32 market, I64 size 1e-8, I64 open notional 1e-6), I64 maturing collateral 1e-6 USD, I64 when it matures); null when the account does not exist (an empty leaf).</param>
/// <param name="Siblings">64 sibling hashes, hex, from the leaf's sibling up to the root's children.</param>
public sealed record AccountProofView(long Account, long Height, string Root, string? Leaf, IReadOnlyList<string> Siblings);

/// <summary>A Merkle proof of one market against the same root as the accounts' (hash rule in <c>AccountTree</c>; check it with <c>node web/tools/verify-proof.mjs</c>).</summary>
/// <param name="Market">Market id.</param>
/// <param name="Key">The market's key in the tree, 2⁶³ + id, as a decimal string (beyond JavaScript's safe integers).</param>
/// <param name="Height">The height the root holds at.</param>
/// <param name="Root">The root over accounts and markets, hex.</param>
/// <param name="Leaf">The market's canonical bytes, hex, little-endian (I32 id, string symbol, its parameters, then prices, grades, guards and funding: the state hash's market encoding).</param>
/// <param name="Siblings">64 sibling hashes, hex, from the leaf's sibling up to the root's children.</param>
public sealed record MarketProofView(int Market, string Key, long Height, string Root, string Leaf, IReadOnlyList<string> Siblings);

/// <summary>What a keeper needs to liquidate in one market.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Mark">The mark liquidations are judged at (the last confirmed price), USD.</param>
/// <param name="Validity">Oracle grade.</param>
/// <param name="BlockedBy">Null when liquidations may run now; otherwise the reason a <c>Liquidate</c> would be refused with (e.g. <c>OracleInvalid</c>: the price is not confirmed).</param>
/// <param name="BlockedDetail">Human text for <paramref name="BlockedBy"/>.</param>
/// <param name="FillBoundLong">Worst fill when closing a long (selling), USD.</param>
/// <param name="FillBoundShort">Worst fill when closing a short (buying), USD.</param>
/// <param name="Accounts">Accounts below maintenance margin that hold this market, by id.</param>
public sealed record LiquidatableView(int Market, Price Mark, string Validity, string? BlockedBy, string? BlockedDetail, Price FillBoundLong, Price FillBoundShort,
    IReadOnlyList<LiquidatableAccount> Accounts);

/// <summary>An account a keeper may liquidate.</summary>
/// <param name="Account">Account id.</param>
/// <param name="Size">Its position in the market, base units (negative = short).</param>
/// <param name="Equity">USD across every market it holds, at their confirmed marks.</param>
/// <param name="MaintenanceMargin">USD.</param>
public sealed record LiquidatableAccount(long Account, Size Size, Usd Equity, Usd MaintenanceMargin);

/// <summary>A position.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Size">Base units, negative = short.</param>
/// <param name="EntryPrice">USD.</param>
/// <param name="UnrealizedPnl">USD at the mark.</param>
/// <param name="FundingOwed">USD of funding owed since the position last changed (negative: owed to the holder), rounded up; already counted in the account's equity, moved into its collateral when the position next changes.</param>
public sealed record PositionView(int Market, Size Size, Price EntryPrice, Usd UnrealizedPnl, Usd FundingOwed);

/// <summary>An EIP-712 domain.</summary>
/// <param name="Name">Name.</param>
/// <param name="Version">Version.</param>
/// <param name="ChainId">EIP-155 chain id.</param>
/// <param name="VerifyingContract">Address.</param>
public sealed record DomainView(string Name, string Version, long ChainId, string VerifyingContract);

/// <summary>Members of a role.</summary>
/// <param name="Threshold">Signatures required.</param>
/// <param name="Members">Addresses.</param>
public sealed record RoleView(int Threshold, IReadOnlyList<string> Members);

/// <summary>Who may move value: the signed-mode configuration.</summary>
/// <param name="Open">True in open mode (then nothing else is set).</param>
/// <param name="Domain">The domain user messages are signed under.</param>
/// <param name="Bridge">Bridge signers.</param>
/// <param name="Reporters">Reporter key of each oracle source.</param>
/// <param name="MaxMessageLifetimeSeconds">How far ahead an expiry may be.</param>
/// <param name="LastDepositId">Last bridge deposit id credited.</param>
public sealed record AccessView(bool Open, DomainView? Domain, RoleView? Bridge, IReadOnlyList<ReporterView>? Reporters, long? MaxMessageLifetimeSeconds, long? LastDepositId);

/// <summary>A source's reporter key.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Source">Source id.</param>
/// <param name="Address">Reporter address.</param>
public sealed record ReporterView(int Market, int Source, string Address);

/// <summary>An address's account.</summary>
/// <param name="Address">The address.</param>
/// <param name="Account">Its account id.</param>
/// <param name="NextNonce">The next nonce it may sign with.</param>
public sealed record AddressView(string Address, long Account, long NextNonce);

/// <summary>The last committed checkpoint.</summary>
/// <param name="Height">Transactions applied.</param>
/// <param name="Events">Events in the chain.</param>
/// <param name="Head">Chain head, hex.</param>
/// <param name="Signer">The node key's address, or null when the node has none.</param>
/// <param name="Signature">EIP-712 signature, 0x-hex, or null.</param>
/// <param name="TypedData">The signed typed data.</param>
public sealed record CheckpointView(long Height, long Events, string Head, string? Signer, string? Signature, JsonElement TypedData);

/// <summary>The governance configuration.</summary>
/// <param name="Domain">The domain governance messages are signed under.</param>
/// <param name="Watchers">Watchers.</param>
/// <param name="Council">Security council.</param>
/// <param name="Guardians">Pause guardians.</param>
/// <param name="Dao">DAO signers.</param>
/// <param name="TimelockDelaySeconds">Timelock.</param>
/// <param name="MaxPauseSeconds">Longest non-DAO pause.</param>
/// <param name="AttestationWindowSeconds">Window in which k attestations count together.</param>
/// <param name="MaxWatcherActionSeconds">Longest watcher action.</param>
public sealed record GovernanceView(DomainView Domain, RoleView Watchers, RoleView Council, RoleView Guardians, RoleView Dao, long TimelockDelaySeconds,
    long MaxPauseSeconds, long AttestationWindowSeconds, long MaxWatcherActionSeconds);

/// <summary>One event with its chain link.</summary>
/// <param name="Seq">Sequence number.</param>
/// <param name="Height">Height of its transaction.</param>
/// <param name="Time">Unix seconds.</param>
/// <param name="Kind">Event kind.</param>
/// <param name="Data">Its fields.</param>
/// <param name="PreviousHash">Chain hash before it.</param>
/// <param name="Hash">Chain hash after it.</param>
/// <param name="LinkVerified">Whether SHA-256(previous ‖ height ‖ time ‖ bytes) reproduces the hash.</param>
public sealed record EventView(long Seq, long Height, long Time, string Kind, JsonElement Data, string PreviousHash, string Hash, bool LinkVerified);

/// <summary>An incident: what opened it, the highest level it reached, its timeline and who attested.</summary>
/// <param name="Id">Incident id.</param>
/// <param name="Market">Market symbol.</param>
/// <param name="MarketId">Market id.</param>
/// <param name="Trigger">What opened it.</param>
/// <param name="Level">Highest level reached (0 normal … 4 critical).</param>
/// <param name="OpenedAt">Unix seconds.</param>
/// <param name="ClosedAt">Unix seconds, or null while open.</param>
/// <param name="ExpiresAt">When the level in force lapses unless renewed (unix seconds), or null.</param>
/// <param name="Timeline">What happened, in order, each step with its event.</param>
/// <param name="Events">Sequence numbers of the events in the timeline.</param>
/// <param name="AttestedBy">Watchers whose attestations were counted.</param>
public sealed record IncidentView(long Id, string Market, int MarketId, string Trigger, int Level, long OpenedAt, long? ClosedAt, long? ExpiresAt,
    IReadOnlyList<IncidentStepView> Timeline, IReadOnlyList<long> Events, IReadOnlyList<string> AttestedBy);

/// <summary>One step of an incident's timeline.</summary>
/// <param name="Seq">Event sequence number (<c>GET /v1/events/{seq}</c> shows its hash link).</param>
/// <param name="Time">Unix seconds.</param>
/// <param name="Hash">The event's chain hash, hex.</param>
/// <param name="Text">What happened.</param>
public sealed record IncidentStepView(long Seq, long Time, string Hash, string Text);
