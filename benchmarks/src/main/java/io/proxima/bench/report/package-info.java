/**
 * The report: reads JMH's JSON and the footprint harness's JSON, divides each measure by its
 * baseline of the same run ({@link io.proxima.bench.report.ReportSpec}), marks the targets of
 * issue 6 as met or missed and writes a markdown table ({@link io.proxima.bench.report.ReportMain}).
 */
@NullMarked
package io.proxima.bench.report;

import org.jspecify.annotations.NullMarked;
