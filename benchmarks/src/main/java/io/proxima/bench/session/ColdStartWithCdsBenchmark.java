package io.proxima.bench.session;

/**
 * The cold-start shots of {@link ColdStartBenchmark}, run by the runner in JVMs started with an
 * application class-data-sharing archive ({@code -XX:SharedArchiveFile}) that a training run of
 * {@link ColdStartTraining} made with {@code -XX:ArchiveClassesAtExit}: what a deployment that
 * ships such an archive gets. Run without the archive (plain JMH), it measures the same as {@link
 * ColdStartBenchmark}.
 */
public class ColdStartWithCdsBenchmark extends ColdStartBenchmark {}
