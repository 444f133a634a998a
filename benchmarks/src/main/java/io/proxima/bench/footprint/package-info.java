/**
 * Footprint: heap retained per pending session, measured with MemoryMXBean after full GC in a JVM
 * of its own ({@link io.proxima.bench.footprint.FootprintMain}).
 */
@NullMarked
package io.proxima.bench.footprint;

import org.jspecify.annotations.NullMarked;
