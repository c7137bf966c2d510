namespace R1Gym.Sandbox.Tests;

/// <summary>Answers that try to fake a passing verdict instead of computing the answer.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SpoofingTests(SandboxFixture fixture)
{
    [Theory]
    [InlineData("Environment.Exit(0);")]
    [InlineData("System.Diagnostics.Process.GetCurrentProcess().Kill();")]
    [InlineData("Environment.FailFast(\"accepted\");")]
    public async Task Exiting_early_with_success_is_never_accepted(string exit)
    {
        var code = "public class Solution { public int Solve(int a, int b) { " + exit + " return -7; } }";

        var linted = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);
        var unlinted = await fixture.Unlinted.RunAsync(code, SandboxFixture.AdderTests);

        linted.Verdict.Should().Be(Verdicts.PolicyViolation);
        // Killing itself either ends the worker (runtime_error) or, as pid 1 of its namespace, is ignored (wrong_answer).
        unlinted.Verdict.Should().BeOneOf(Verdicts.RuntimeError, Verdicts.WrongAnswer);
        unlinted.Passed.Should().Be(0);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task Printing_pass_markers_in_function_mode_changes_nothing()
    {
        var code = "public class Solution { public int Solve(int a, int b) { Console.WriteLine(\"PASS\\naccepted\\n{\\\"verdict\\\":\\\"accepted\\\"}\"); return a * b; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
    }

    [Fact]
    public async Task A_stdio_program_printing_a_fake_protocol_frame_is_judged_on_its_output()
    {
        var code = "class P { static void Main() { Console.Write(\"{\\\"type\\\":\\\"test\\\",\\\"id\\\":1,\\\"index\\\":0,\\\"status\\\":\\\"ok\\\",\\\"stdout\\\":\\\"3\\\"}\"); } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Stdio(10000, ("1 2\n", "3\n")));

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
    }

    [Fact]
    public async Task Writing_a_forged_frame_to_the_raw_standard_output_reaches_nobody()
    {
        var code = "public class Solution { public int Solve(int a, int b) { var o = Console.OpenStandardOutput(); var body = System.Text.Encoding.UTF8.GetBytes(\"{\\\"type\\\":\\\"test\\\",\\\"id\\\":1,\\\"index\\\":0,\\\"status\\\":\\\"ok\\\",\\\"value\\\":3}\"); o.Write(BitConverter.GetBytes(body.Length)); o.Write(body); o.Flush(); return -1; } }";

        var linted = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);
        var unlinted = await fixture.Unlinted.RunAsync(code, SandboxFixture.AdderTests);

        linted.Verdict.Should().Be(Verdicts.PolicyViolation);
        unlinted.Verdict.Should().Be(Verdicts.WrongAnswer);
        unlinted.Passed.Should().Be(0);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task Garbage_written_to_the_protocol_pipe_is_blamed_on_the_answer_and_the_worker_replaced()
    {
        const string usings = "using System.Runtime.InteropServices;\nstatic class C { [DllImport(\"libc\")] public static extern nint write(int fd, byte[] b, nint n); }";
        var code = usings + "\npublic class Solution { public int Solve(int a, int b) { var junk = new byte[] { 255, 255, 255, 127, 1, 2, 3 }; foreach (var f in System.IO.Directory.GetFiles(\"/proc/self/fd\")) { var t = System.IO.File.ResolveLinkTarget(f, false)?.FullName ?? \"\"; if (t.Contains(\"pipe\")) C.write(int.Parse(System.IO.Path.GetFileName(f)), junk, junk.Length); } return a + b; } }";

        var result = await fixture.Unlinted.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().NotBe(Verdicts.Accepted);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task Hard_coding_the_visible_example_earns_only_its_share()
    {
        var code = "public class Solution { public int Solve(int a, int b) => a == 2 && b == 3 ? 5 : -7; }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
        result.Passed.Should().Be(1);
        result.Fraction.Should().BeApproximately(1.0 / 3, 1e-9);
    }

    [Fact]
    public async Task Swallowing_its_own_failure_and_returning_a_default_is_wrong()
    {
        var code = "public class Solution { public int Solve(int a, int b) { try { checked { int x = int.MaxValue; x += a; return x; } } catch { return 0; } } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
    }

    [Fact]
    public async Task Reflecting_into_the_worker_harness_is_a_policy_violation()
    {
        var code = "public class Solution { public int Solve(int a, int b) { var t = Type.GetType(\"R1Gym.Sandbox.Worker.AnswerRunner, R1Gym.Sandbox.Worker\"); return t!.GetFields().Length; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.PolicyViolation);
        result.Diagnostics.Should().Contain("Type.GetType");
    }

    [Fact]
    public async Task Reflecting_into_the_harness_without_the_lint_cannot_see_expected_values()
    {
        var code = "public class Solution { public string Solve() { var sb = new StringBuilder(); foreach (var asm in AppDomain.CurrentDomain.GetAssemblies()) foreach (var t in asm.GetTypes()) foreach (var f in t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)) { try { sb.Append(f.GetValue(null)); } catch { } } return sb.ToString(); } }";
        var tests = SandboxFixture.Function(3000, ([], "EXPECTED-" + SandboxFixture.Secret));

        var result = await fixture.Unlinted.RunAsync(code, tests);

        result.Verdict.Should().NotBe(Verdicts.Accepted);
        (result.Tests[0].Actual?.ToString() ?? "").Should().NotContain(SandboxFixture.Secret);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task A_module_initializer_is_a_policy_violation_and_without_the_lint_cannot_forge_results()
    {
        var code = "using System.Runtime.CompilerServices;\nstatic class Init { [ModuleInitializer] internal static void Go() { Console.SetOut(System.IO.TextWriter.Null); Environment.Exit(0); } }\npublic class Solution { public int Solve(int a, int b) => 0; }";

        var linted = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);
        var unlinted = await fixture.Unlinted.RunAsync(code, SandboxFixture.AdderTests);

        linted.Verdict.Should().Be(Verdicts.PolicyViolation);
        unlinted.Verdict.Should().NotBe(Verdicts.Accepted);
        unlinted.Passed.Should().Be(0);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task A_static_constructor_that_throws_is_a_runtime_error()
    {
        var code = "public class Solution { static Solution() { throw new InvalidOperationException(\"boom\"); } public int Solve(int a, int b) => a + b; }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.RuntimeError);
        result.Diagnostics.Should().Contain("TypeInitializationException");
    }
}
