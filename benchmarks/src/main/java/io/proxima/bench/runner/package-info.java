/**
 * The runner: the profiles ({@link io.proxima.bench.runner.Profile}), the groups of benchmarks
 * and their settings ({@link io.proxima.bench.runner.BenchmarkGroup}), and the one entry point that
 * runs a profile and writes results and report ({@link io.proxima.bench.runner.ProfileRunner}).
 */
@NullMarked
package io.proxima.bench.runner;

import org.jspecify.annotations.NullMarked;
