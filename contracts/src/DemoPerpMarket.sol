// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GuardOps} from "./GuardOps.sol";

/// @notice What a protocol needs of the guard: one view call.
interface IBreakwaterGuard {
    function allows(uint256 market, uint8 op) external view returns (bool);
}

/// @title A minimal perpetual market guarded by Breakwater
/// @notice The integration pattern a real protocol copies: every operation carries the `guarded(op)` modifier, one
/// view call to the guard before it runs. Units: price in USD × 1e6 per unit; size in units × 1e6 (signed, positive
/// long); collateral and notional in USD × 1e6 (credited one-for-one from the deposit's wei, it is a demo). Initial
/// margin 10 %, maintenance 5 % of notional at the oracle price.
contract DemoPerpMarket {
    uint256 public constant IMF_BPS = 1_000;
    uint256 public constant MMF_BPS = 500;

    IBreakwaterGuard public immutable guard;
    uint256 public immutable marketId;
    address public immutable oracle;
    uint256 public price;

    struct Position {
        int256 size;
        int256 openNotional;
    }

    mapping(address => uint256) public collateral;
    mapping(address => Position) public positions;

    event PriceUpdated(uint256 price, uint256 time);
    event Deposited(address indexed trader, uint256 amount);
    event PositionChanged(address indexed trader, int256 size, int256 openNotional, uint256 price);
    event Liquidated(address indexed trader, address indexed liquidator, int256 size, uint256 price, int256 equity);

    error Refused(uint8 op);
    error NotOracle();
    error MarginTooLow(int256 equity, uint256 required);
    error NotLiquidatable(int256 equity, uint256 required);

    /// @dev The whole integration: refuse what the guard refuses.
    modifier guarded(uint8 op) {
        if (!guard.allows(marketId, op)) revert Refused(op);
        _;
    }

    constructor(IBreakwaterGuard guard_, uint256 marketId_, address oracle_, uint256 price_) {
        guard = guard_;
        marketId = marketId_;
        oracle = oracle_;
        price = price_;
    }

    function setPrice(uint256 price_) external {
        if (msg.sender != oracle) revert NotOracle();
        price = price_;
        emit PriceUpdated(price_, block.timestamp);
    }

    function deposit() external payable guarded(GuardOps.DEPOSIT) {
        collateral[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    /// @notice Opens or increases (OPEN) or reduces (REDUCE) the caller's position by `delta` units × 1e6 at the oracle price.
    function trade(int256 delta) external {
        Position storage p = positions[msg.sender];
        bool reduces = p.size != 0 && (p.size > 0) != (delta > 0) && _abs(delta) <= _abs(p.size);
        if (!guard.allows(marketId, reduces ? GuardOps.REDUCE : GuardOps.OPEN)) revert Refused(reduces ? GuardOps.REDUCE : GuardOps.OPEN);
        if (reduces) {
            int256 closedBasis = p.openNotional * delta / p.size * -1;
            int256 pnl = -delta * int256(price) / 1e6 - closedBasis;
            p.openNotional -= closedBasis;
            p.size += delta;
            int256 c = int256(collateral[msg.sender]) + pnl;
            collateral[msg.sender] = c > 0 ? uint256(c) : 0;
        } else {
            p.size += delta;
            p.openNotional += delta * int256(price) / 1e6;
            uint256 required = _notional(p.size) * IMF_BPS / 10_000;
            int256 e = equity(msg.sender);
            if (e < int256(required)) revert MarginTooLow(e, required);
        }
        emit PositionChanged(msg.sender, p.size, p.openNotional, price);
    }

    function liquidate(address trader) external guarded(GuardOps.LIQUIDATE) {
        Position storage p = positions[trader];
        uint256 required = _notional(p.size) * MMF_BPS / 10_000;
        int256 e = equity(trader);
        if (p.size == 0 || e >= int256(required)) revert NotLiquidatable(e, required);
        emit Liquidated(trader, msg.sender, p.size, price, e);
        collateral[trader] = e > 0 ? uint256(e) : 0;
        delete positions[trader];
    }

    /// @notice Collateral plus unrealized PnL at the oracle price, USD × 1e6.
    function equity(address trader) public view returns (int256) {
        Position storage p = positions[trader];
        return int256(collateral[trader]) + p.size * int256(price) / 1e6 - p.openNotional;
    }

    function _notional(int256 size) private view returns (uint256) { return _abs(size) * price / 1e6; }

    function _abs(int256 x) private pure returns (uint256) { return uint256(x >= 0 ? x : -x); }
}
