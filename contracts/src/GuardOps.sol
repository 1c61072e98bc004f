// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

/// @notice The operations a guard is asked about and the pause flags it keeps: the node's `PauseFlags` bits. A
/// protocol imports these rather than writing the numbers again.
library GuardOps {
    uint8 internal constant OPEN = 1;
    uint8 internal constant REDUCE = 2;
    uint8 internal constant LIQUIDATE = 4;
    uint8 internal constant DEPOSIT = 8;
    uint8 internal constant WITHDRAW = 16;
    uint8 internal constant PARAMETER_UPDATE = 32;
    uint8 internal constant ALL = 63;
}
