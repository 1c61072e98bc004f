// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {GuardOps} from "./GuardOps.sol";

/// @title Breakwater's on-chain guard
/// @notice The node's tiered-governance rules for a protocol that lives on a chain. Watchers: k distinct EIP-712
/// `Attestation`s about one incident within the attestation window raise a market's level by at most one step
/// (never past 3, halted) for at most `maxWatcherActionSeconds`; they can never lower a level or unpause. Council:
/// M-of-N `Pause` signatures switch pause flags on at once, lapsing after at most `maxPauseSeconds`; no function lets
/// the council unpause. Guardians: one `Pause` signature switches flags on, same bounds. Everything else (lowering a
/// level, unpausing, changing the watcher set, k, the council or guardians) is the DAO's and reaches this contract only
/// through its OpenZeppelin `TimelockController`, which holds DEFAULT_ADMIN_ROLE.
/// @dev Typed data and domain are exactly the node's (`GovernanceTypedData` in Breakwater.Crypto): domain name
/// "Breakwater", version "1", the chain's id and this contract as verifying contract. A pause's digest is accepted once,
/// an attestation's once per watcher (replay protection), and only between now and `expiry`, with `expiry` at most one
/// day ahead. Signatures with a
/// high s or a bad v revert (OpenZeppelin's ECDSA).
contract BreakwaterGuard is AccessControl, EIP712 {
    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(uint256 market,uint256 level,bytes32 incident,uint256 durationSeconds,uint256 nonce,uint256 expiry)");
    bytes32 public constant PAUSE_TYPEHASH = keccak256(
        "Pause(int256 market,uint256 flags,uint256 durationSeconds,uint256 nonce,uint256 expiry)");

    /// @notice Level 2 (high) makes a market reduce-only; level 3 (severe) halts it.
    uint8 public constant REDUCE_ONLY_LEVEL = 2;
    uint8 public constant HALT_LEVEL = 3;

    uint256 public constant MAX_MESSAGE_LIFETIME = 1 days;
    uint256 public immutable attestationWindowSeconds;
    uint256 public immutable maxWatcherActionSeconds;
    uint256 public immutable maxPauseSeconds;

    struct MarketGuard {
        uint8 level;
        uint64 levelUntil;
        uint8 flags;
        uint64 pausedUntil;
    }

    mapping(uint256 => MarketGuard) private _markets;
    MarketGuard private _global;

    mapping(address => bool) public isWatcher;
    address[] private _watchers;
    address[] private _council;
    uint256 public watcherCount;
    uint256 public k;
    mapping(address => bool) public isCouncil;
    uint256 public councilCount;
    uint256 public councilThreshold;
    mapping(address => bool) public isGuardian;

    /// @notice Accepted pause digests, and keccak256(digest, watcher) of accepted attestations.
    mapping(bytes32 => bool) public usedDigests;
    mapping(bytes32 => mapping(address => uint256)) private _seenAt;
    mapping(bytes32 => address[]) private _seenBy;
    mapping(bytes32 => uint256) private _appliedAt;

    event AttestationRecorded(uint256 indexed market, uint256 level, bytes32 indexed incident, address indexed watcher, uint256 count, uint256 k);
    event LevelRaised(uint256 indexed market, uint8 level, uint64 until, bytes32 incident, uint256 count);
    event Paused(int256 indexed market, uint8 flags, uint64 until, bool byCouncil, uint256 signers);
    event Unpaused(int256 indexed market);
    event LevelLowered(uint256 indexed market, uint8 level);
    event WatchersChanged(uint256 count, uint256 k);
    event CouncilChanged(uint256 count, uint256 threshold);
    event GuardianChanged(address indexed guardian, bool enabled);

    error Expired(uint256 expiry, uint256 now_);
    error Replayed(bytes32 digest);
    error NotAWatcher(address signer);
    error NotEnoughSigners(uint256 valid, uint256 required);
    error InvalidMessage(string why);

    /// @param timelock the DAO's TimelockController: the only admin.
    /// @param watchers the watcher set; @param k_ attestations needed (1 ≤ k ≤ watchers).
    /// @param council the security council; @param councilThreshold_ signatures a council pause needs.
    /// @param windowSeconds attestation window (node default 300); @param maxActionSeconds longest watcher raise (node
    /// default 1,800); @param maxPause longest pause (node default 172,800).
    constructor(address timelock, address[] memory watchers, uint256 k_, address[] memory council, uint256 councilThreshold_,
        uint256 windowSeconds, uint256 maxActionSeconds, uint256 maxPause) EIP712("Breakwater", "1") {
        if (timelock == address(0) || windowSeconds == 0 || maxActionSeconds == 0 || maxPause == 0) revert InvalidMessage("timelock and durations must be set");
        _grantRole(DEFAULT_ADMIN_ROLE, timelock);
        attestationWindowSeconds = windowSeconds;
        maxWatcherActionSeconds = maxActionSeconds;
        maxPauseSeconds = maxPause;
        _setWatchers(watchers, k_);
        _setCouncil(council, councilThreshold_);
    }

    // ---- watchers ----

    /// @notice Records one watcher's signed attestation (anyone may submit it); the k-th distinct fresh attestation of
    /// the same (market, level, incident) raises the market's level by at most one step, once per window.
    function attest(uint256 market, uint256 level, bytes32 incident, uint256 durationSeconds, uint256 nonce, uint256 expiry, bytes calldata signature) external {
        if (level < 1 || level > HALT_LEVEL) revert InvalidMessage("level must be 1-3");
        if (durationSeconds == 0) revert InvalidMessage("duration must be positive");
        bytes32 digest = _digest(keccak256(abi.encode(ATTESTATION_TYPEHASH, market, level, incident, durationSeconds, nonce, expiry)), expiry);
        address signer = ECDSA.recover(digest, signature);
        if (!isWatcher[signer]) revert NotAWatcher(signer);
        // Watchers attest the same message (same incident, nonce and expiry); each one's copy is accepted once.
        _markUsed(keccak256(abi.encode(digest, signer)));

        bytes32 key = keccak256(abi.encode(market, level, incident));
        if (_seenAt[key][signer] == 0) _seenBy[key].push(signer);
        _seenAt[key][signer] = block.timestamp;
        uint256 count = _freshCount(key);
        emit AttestationRecorded(market, level, incident, signer, count, k);
        uint256 applied = _appliedAt[key];
        if (count >= k && (applied == 0 || applied + attestationWindowSeconds <= block.timestamp)) {
            _appliedAt[key] = block.timestamp;
            _raise(market, uint8(level), durationSeconds < maxWatcherActionSeconds ? durationSeconds : maxWatcherActionSeconds, incident, count);
        }
    }

    /// @dev Distinct current watchers whose attestation of `key` is still inside the window.
    function _freshCount(bytes32 key) private view returns (uint256 count) {
        address[] storage by = _seenBy[key];
        for (uint256 i = 0; i < by.length; i++) {
            if (isWatcher[by[i]] && _seenAt[key][by[i]] + attestationWindowSeconds > block.timestamp) count++;
        }
    }

    /// @dev The node's RaiseFloor: one step above the level in force at most, never past halt, never below a raise in force.
    function _raise(uint256 market, uint8 requested, uint256 seconds_, bytes32 incident, uint256 count) private {
        MarketGuard storage m = _markets[market];
        uint8 active = m.levelUntil > block.timestamp ? m.level : 0;
        uint8 step = active + 1 < HALT_LEVEL ? active + 1 : HALT_LEVEL;
        uint8 floor = requested < step ? requested : step;
        m.level = floor > active ? floor : active;
        uint64 until = uint64(block.timestamp + seconds_);
        if (until > m.levelUntil) m.levelUntil = until;
        emit LevelRaised(market, m.level, m.levelUntil, incident, count);
    }

    // ---- council and guardians ----

    /// @notice M-of-N council pause: switches `flags` on for `market` (−1: protocol-wide) until now + duration.
    function councilPause(int256 market, uint8 flags, uint256 durationSeconds, uint256 nonce, uint256 expiry, bytes[] calldata signatures) external {
        bytes32 digest = _pauseDigest(market, flags, durationSeconds, nonce, expiry);
        uint256 valid = 0;
        address last = address(0);
        // Signatures sorted by signer address, strictly ascending: distinct without a set.
        for (uint256 i = 0; i < signatures.length; i++) {
            address s = ECDSA.recover(digest, signatures[i]);
            if (s <= last) revert InvalidMessage("council signatures must be sorted by signer, each signer once");
            last = s;
            if (isCouncil[s]) valid++;
        }
        if (valid < councilThreshold) revert NotEnoughSigners(valid, councilThreshold);
        _pause(market, flags, durationSeconds, true, valid);
    }

    /// @notice One guardian's pause: the same bounds as the council's.
    function guardianPause(int256 market, uint8 flags, uint256 durationSeconds, uint256 nonce, uint256 expiry, bytes calldata signature) external {
        bytes32 digest = _pauseDigest(market, flags, durationSeconds, nonce, expiry);
        address s = ECDSA.recover(digest, signature);
        if (!isGuardian[s]) revert NotEnoughSigners(0, 1);
        _pause(market, flags, durationSeconds, false, 1);
    }

    // ---- the DAO, through the timelock only ----

    /// @notice Lifts every pause flag of `market` (−1: protocol-wide).
    function unpause(int256 market) external onlyRole(DEFAULT_ADMIN_ROLE) {
        MarketGuard storage m = market < 0 ? _global : _markets[uint256(market)];
        m.flags = 0;
        m.pausedUntil = 0;
        emit Unpaused(market);
    }

    /// @notice Sets a market's level (lower or clear a watcher raise before it lapses).
    function setLevel(uint256 market, uint8 level, uint64 until) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (level > HALT_LEVEL) revert InvalidMessage("level must be 0-3");
        _markets[market].level = level;
        _markets[market].levelUntil = until;
        emit LevelLowered(market, level);
    }

    function setWatchers(address[] calldata watchers, uint256 k_) external onlyRole(DEFAULT_ADMIN_ROLE) { _setWatchers(watchers, k_); }

    function setCouncil(address[] calldata council, uint256 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) { _setCouncil(council, threshold); }

    function setGuardian(address guardian, bool enabled) external onlyRole(DEFAULT_ADMIN_ROLE) {
        isGuardian[guardian] = enabled;
        emit GuardianChanged(guardian, enabled);
    }

    // ---- what a protocol asks ----

    /// @notice The market's level in force (0 once a raise has lapsed).
    function levelOf(uint256 market) public view returns (uint8) {
        MarketGuard storage m = _markets[market];
        return m.levelUntil > block.timestamp ? m.level : 0;
    }

    /// @notice The pause flags in force for `market`: its own and the protocol-wide ones, each until it lapses.
    function pausedFlags(uint256 market) public view returns (uint8 flags) {
        MarketGuard storage m = _markets[market];
        if (m.pausedUntil > block.timestamp) flags = m.flags;
        if (_global.pausedUntil > block.timestamp) flags |= _global.flags;
    }

    /// @notice Whether operation `op` (one flag: OPEN, REDUCE, LIQUIDATE, DEPOSIT, WITHDRAW) may run on `market` now:
    /// refused when paused, when the market is halted (level 3: trading and liquidations), or reduce-only (level 2: OPEN).
    function allows(uint256 market, uint8 op) external view returns (bool) {
        if (pausedFlags(market) & op != 0) return false;
        uint8 level = levelOf(market);
        if (level >= HALT_LEVEL && op & (GuardOps.OPEN | GuardOps.REDUCE | GuardOps.LIQUIDATE) != 0) return false;
        if (level >= REDUCE_ONLY_LEVEL && op == GuardOps.OPEN) return false;
        return true;
    }

    /// @notice When `watcher`'s attestation of (market, level, incident) was last recorded, unix s (0: never): a watcher
    /// asks before sending, so a restart or a reorg never makes it attest one incident twice.
    function attestedAt(uint256 market, uint256 level, bytes32 incident, address watcher) external view returns (uint256) {
        return _seenAt[keccak256(abi.encode(market, level, incident))][watcher];
    }

    /// @notice The EIP-712 domain separator (for off-chain signers to check against).
    function domainSeparator() external view returns (bytes32) { return _domainSeparatorV4(); }

    // ---- internals ----

    function _digest(bytes32 structHash, uint256 expiry) private view returns (bytes32) {
        if (expiry < block.timestamp || expiry > block.timestamp + MAX_MESSAGE_LIFETIME) revert Expired(expiry, block.timestamp);
        return _hashTypedDataV4(structHash);
    }

    function _markUsed(bytes32 id) private {
        if (usedDigests[id]) revert Replayed(id);
        usedDigests[id] = true;
    }

    function _pauseDigest(int256 market, uint8 flags, uint256 durationSeconds, uint256 nonce, uint256 expiry) private returns (bytes32) {
        if (flags == 0 || flags & ~GuardOps.ALL != 0) revert InvalidMessage("pause flags empty or unknown");
        if (durationSeconds == 0 || durationSeconds > maxPauseSeconds) revert InvalidMessage("pause duration must be 1..maxPauseSeconds");
        if (market < -1) revert InvalidMessage("market must be -1 or a market id");
        bytes32 digest = _digest(keccak256(abi.encode(PAUSE_TYPEHASH, market, uint256(flags), durationSeconds, nonce, expiry)), expiry);
        _markUsed(digest);
        return digest;
    }

    function _pause(int256 market, uint8 flags, uint256 durationSeconds, bool byCouncil, uint256 signers) private {
        MarketGuard storage m = market < 0 ? _global : _markets[uint256(market)];
        if (m.pausedUntil <= block.timestamp) m.flags = 0;
        m.flags |= flags;
        uint64 until = uint64(block.timestamp + durationSeconds);
        if (until > m.pausedUntil) m.pausedUntil = until;
        emit Paused(market, m.flags, m.pausedUntil, byCouncil, signers);
    }

    function _setWatchers(address[] memory watchers, uint256 k_) private {
        // A replaced watcher's attestations stop counting at once (the count checks isWatcher).
        _replaceMembers(isWatcher, _watchers, watchers, k_);
        watcherCount = watchers.length;
        k = k_;
        emit WatchersChanged(watchers.length, k_);
    }

    function _setCouncil(address[] memory council, uint256 threshold) private {
        _replaceMembers(isCouncil, _council, council, threshold);
        councilCount = council.length;
        councilThreshold = threshold;
        emit CouncilChanged(council.length, threshold);
    }

    /// @dev Replaces a role's members (no duplicates) after checking 1 <= threshold <= members.
    function _replaceMembers(mapping(address => bool) storage isMember, address[] storage current, address[] memory next, uint256 threshold) private {
        if (threshold == 0 || threshold > next.length) revert InvalidMessage("need 1 <= threshold <= members");
        for (uint256 i = 0; i < current.length; i++) isMember[current[i]] = false;
        for (uint256 i = 0; i < next.length; i++) {
            if (isMember[next[i]]) revert InvalidMessage("duplicate member");
            isMember[next[i]] = true;
        }
        while (current.length > 0) current.pop();
        for (uint256 i = 0; i < next.length; i++) current.push(next[i]);
    }
}
