using System.Text.Json.Nodes;

namespace R1Gym.Sandbox.Tests;

/// <summary>Correct and subtly wrong solutions to real problems; partial credit is exact.</summary>
[Collection(SandboxCollection.Name)]
public sealed class CorrectnessTests(SandboxFixture fixture)
{
    private static JsonObject TwoSumTests => SandboxFixture.Function(2000,
        ([new JsonArray(2, 7, 11, 15), 9], new JsonArray(0, 1)),
        ([new JsonArray(3, 2, 4), 6], new JsonArray(1, 2)),
        ([new JsonArray(3, 3), 6], new JsonArray(0, 1)),
        ([new JsonArray(-1, -2, -3, -4, -5), -8], new JsonArray(2, 4)));

    [Fact]
    public async Task A_correct_two_sum_is_accepted()
    {
        var code = "public class Solution { public int[] Solve(int[] nums, int target) { var seen = new Dictionary<int, int>(); for (int i = 0; i < nums.Length; i++) { if (seen.TryGetValue(target - nums[i], out var j)) return new[] { j, i }; seen[nums[i]] = i; } return Array.Empty<int>(); } }";

        var result = await fixture.Sandbox.RunAsync(code, TwoSumTests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
        result.Passed.Should().Be(4);
        result.Fraction.Should().Be(1);
    }

    [Fact]
    public async Task Named_floating_point_values_travel_both_ways_for_common_and_answer_defined_types()
    {
        // double[] has compile-time JSON metadata in the worker; Point is the answer's own type (reflection metadata).
        var code = "public class Point { public double X; public double Y; } public class Solution { public double[] Solve(double x) => new[] { double.NaN, x, double.PositiveInfinity }; }";
        var pointCode = "public class Point { public double X; public double Y; } public class Solution { public Point Solve(double x) => new Point { X = x, Y = double.NegativeInfinity }; }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(2000,
            ([1.5], new JsonArray("NaN", 1.5, "Infinity")), (["NaN"], new JsonArray("NaN", "NaN", "Infinity"))));
        var point = await fixture.Sandbox.RunAsync(pointCode, SandboxFixture.Function(2000, (["NaN"], new JsonObject { ["X"] = "NaN", ["Y"] = "-Infinity" })));

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
        point.Verdict.Should().Be(Verdicts.Accepted, point.Diagnostics ?? point.Tests[0].Message);
    }

    [Fact]
    public async Task A_two_sum_that_reuses_an_element_is_wrong_on_exactly_the_tests_it_fails()
    {
        var code = "public class Solution { public int[] Solve(int[] nums, int target) { var seen = new Dictionary<int, int>(); for (int i = 0; i < nums.Length; i++) seen[nums[i]] = i; for (int i = 0; i < nums.Length; i++) if (seen.TryGetValue(target - nums[i], out var j)) return new[] { i, j }; return Array.Empty<int>(); } }";

        var result = await fixture.Sandbox.RunAsync(code, TwoSumTests);

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
        result.Tests.Select(t => t.Verdict).Should().Equal(Verdicts.Accepted, Verdicts.WrongAnswer, Verdicts.Accepted, Verdicts.Accepted);
        result.Passed.Should().Be(3);
        result.Fraction.Should().Be(0.75);
    }

    [Fact]
    public async Task Nested_lists_dictionaries_strings_and_bools_map_to_parameters_and_compare_structurally()
    {
        var code = "public static class Solution { public static Dictionary<string, List<int>> Solve(List<List<int>> rows, string prefix, bool twice) => rows.Select((r, i) => (r, i)).ToDictionary(p => prefix + p.i, p => twice ? p.r.Select(x => x * 2).ToList() : p.r); }";
        var tests = SandboxFixture.Function(10000, ([new JsonArray(new JsonArray(1, 2), new JsonArray()), "r", true], new JsonObject { ["r1"] = new JsonArray(), ["r0"] = new JsonArray(2, 4) }));

        var result = await fixture.Sandbox.RunAsync(code, tests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
    }

    [Fact]
    public async Task Floating_point_results_match_within_the_stated_tolerance_only()
    {
        var code = "public class Solution { public double Solve(double x) => Math.Sqrt(x); }";
        var loose = SandboxFixture.Function(10000, ([2.0], 1.41421356), ([9.0], 3));
        var strict = (JsonObject)loose.DeepClone();
        strict["floatTolerance"] = 1e-12;

        var looseResult = await fixture.Sandbox.RunAsync(code, loose);
        var strictResult = await fixture.Sandbox.RunAsync(code, strict);

        looseResult.Verdict.Should().Be(Verdicts.Accepted);
        strictResult.Verdict.Should().Be(Verdicts.WrongAnswer);
        strictResult.Passed.Should().Be(1, "sqrt(9) = 3 exactly");
    }

    [Fact]
    public async Task A_stdio_program_is_compared_after_normalising_trailing_whitespace()
    {
        var code = "class P { static void Main() { int n = int.Parse(Console.ReadLine()!); for (int i = 1; i <= n; i++) Console.Write(i * i + \" \\r\\n\"); Console.WriteLine(); } }";
        var tests = SandboxFixture.Stdio(10000, ("3\n", "1\n4\n9\n"), ("1\n", "1"), ("2\n", "1\n5\n"));

        var result = await fixture.Sandbox.RunAsync(code, tests);

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
        result.Tests.Select(t => t.Verdict).Should().Equal(Verdicts.Accepted, Verdicts.Accepted, Verdicts.WrongAnswer);
        result.Passed.Should().Be(2);
    }

    [Fact]
    public async Task Top_level_statements_work_in_stdio_mode()
    {
        var code = "var parts = Console.ReadLine()!.Split(' ').Select(long.Parse).ToArray();\nConsole.WriteLine(parts.Sum());";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Stdio(10000, ("1 2 3\n", "6\n"), ("10000000000 1\n", "10000000001\n")));

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
    }

    [Fact]
    public async Task A_runtime_exception_names_its_type_and_stops_the_answer()
    {
        var code = "public class Solution { public int Solve(int a, int b) => a / (b - 3); }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(10000, ([6, 5], 3), ([1, 3], 0), ([4, 4], 4)));

        result.Tests.Select(t => t.Verdict).Should().Equal(Verdicts.Accepted, Verdicts.RuntimeError, Verdicts.Accepted);
        result.Verdict.Should().Be(Verdicts.RuntimeError);
        result.Diagnostics.Should().Contain("DivideByZeroException");
        result.Passed.Should().Be(2);
    }

    [Fact]
    public async Task A_slow_but_finishing_answer_over_the_limit_gets_time_limit()
    {
        var code = "public class Solution { public long Solve(int n) { long s = 0; for (long i = 0; i < 4_000_000_000L; i++) s += i % n; return s; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(200, ([7], 0)));

        result.Verdict.Should().Be(Verdicts.TimeLimit);
    }

    [Fact]
    public async Task Time_limits_count_cpu_time_so_waiting_is_not_charged_until_the_wall_clock_limit()
    {
        // A verdict must not depend on how busy the machine is: the limit is CPU time; wall-clock time only stops an
        // answer that waits (here 3 x 250 ms, Sandbox:WallLimitFactor).
        var waits = "public class Solution { public int Solve(int a, int b) { System.Threading.Tasks.Task.Delay(400).Wait(); return a + b; } }";
        var waitsForever = "public class Solution { public int Solve(int a, int b) { System.Threading.Tasks.Task.Delay(60_000).Wait(); return a + b; } }";
        var tests = SandboxFixture.Function(250, ([1, 2], 3));

        var shortWait = await fixture.Sandbox.RunAsync(waits, tests);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var longWait = await fixture.Sandbox.RunAsync(waitsForever, tests);

        shortWait.Verdict.Should().Be(Verdicts.Accepted, "400 ms of waiting uses almost no CPU: {0}", shortWait.Tests[0].Message);
        shortWait.Tests[0].TimeMs.Should().BeGreaterThan(390);
        longWait.Verdict.Should().Be(Verdicts.TimeLimit);
        longWait.Tests[0].Message.Should().Contain("750 ms of wall-clock time");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the wall-clock limit stops it, not the 60 s wait");
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task The_runner_interface_returns_the_same_verdict_with_details()
    {
        Abstractions.ICodeRunner runner = fixture.Sandbox;

        var result = await runner.RunAsync(new Abstractions.CodeRunRequest("public class Solution { public int Solve(int a, int b) => a == 100 ? 0 : a + b; }", SandboxFixture.AdderTests));

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
        result.Passed.Should().Be(2);
        result.Total.Should().Be(3);
        result.Details!["tests"]!.AsArray().Should().HaveCount(3);
    }

    [Fact]
    public async Task Repeating_an_answer_hits_the_compile_cache_and_gets_the_same_verdict()
    {
        var code = SandboxFixture.Adder + "// cached";

        var first = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);
        var second = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        second.CompileCacheHit.Should().BeTrue();
        second.Verdict.Should().Be(first.Verdict).And.Be(Verdicts.Accepted);
    }
}
