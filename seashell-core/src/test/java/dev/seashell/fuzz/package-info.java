/**
 * Jazzer fuzz targets, one per decoder. Rule: a decoder may only fail with its declared parse error
 * (SshFormatException and subclasses, ConfigException, or IOException where the API declares it);
 * any other exception, a hang or an OutOfMemoryError is a bug.
 *
 * <p>Plain {@code mvn test} runs each target once per committed input under
 * {@code src/test/resources/dev/seashell/fuzz/<Class>Inputs/<method>/} (regression mode; each input
 * is bounded by {@code @Timeout}). A short fresh fuzzing session, every target in its own JVM (Jazzer
 * fuzzes one target per JVM) for its {@code maxDuration}:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl seashell-core,seashell-sftp -am test -Dtest='*FuzzTest' \
 *     -DreuseForks=false -Djunit.jupiter.execution.timeout.mode=disabled -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * {@code JAZZER_MAX_DURATION=5m} overrides the per-target duration. The timeout mode must be off in
 * fuzzing mode because JUnit would apply {@code @Timeout} to the whole session; Jazzer still turns it
 * into libFuzzer's per-input {@code -timeout}. New corpus entries go to {@code .cifuzz-corpus/} in
 * the module (not committed); crashes are written next to the committed inputs, where they become
 * regression tests.
 */
package dev.seashell.fuzz;
