/**
 * Sessions driven by the oid4vp-flow state machines ({@link io.proxima.bench.flow.FlowFixture}:
 * signed request, request verification, structural validation) and their honest baseline, the
 * flow's own crypto on one thread ({@link io.proxima.bench.flow.FlowCryptoFloor}).
 */
@NullMarked
package io.proxima.bench.flow;

import org.jspecify.annotations.NullMarked;
