#pragma once
// Paying for approved cases (seed 004 §10, seed 000 steps 16-20), in four
// parts: orders (what awaits payment, the order that pays it), the gateway
// (its signed requests and notifications), settlement (each line applied
// exactly once) and issuing (the issue of paid cases, the slip PDF).

#include "service/gateway.hpp"
#include "service/issuing.hpp"
#include "service/orders.hpp"
#include "service/settlement.hpp"
