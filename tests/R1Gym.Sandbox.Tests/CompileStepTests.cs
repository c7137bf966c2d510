using R1Gym.Abstractions;

namespace R1Gym.Sandbox.Tests;

/// <summary>Compile errors, policy violations and entry-point problems are decided before any worker is involved.</summary>
[Collection(SandboxCollection.Name)]
public sealed class CompileStepTests(SandboxFixture fixture)
{
    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\");", "System.IO.File")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\");", "System.Diagnostics.Process")]
    [InlineData("new System.Net.Sockets.TcpClient();", "System.Net.Sockets.TcpClient")]
    [InlineData("typeof(int).Assembly.GetTypes();", "System.Reflection.Assembly")]
    [InlineData("System.Runtime.CompilerServices.Unsafe.As<object, string>(ref a);", "System.Runtime.CompilerServices.Unsafe")]
    [InlineData("System.Runtime.InteropServices.Marshal.AllocHGlobal(10);", "System.Runtime.InteropServices.Marshal")]
    [InlineData("new System.Threading.Thread(() => { }).Start();", "System.Threading.Thread")]
    [InlineData("Environment.GetEnvironmentVariable(\"HOME\");", "System.Environment")]
    [InlineData("Activator.CreateInstance(typeof(object));", "System.Activator")]
    [InlineData("var s = Console.OpenStandardOutput();", "System.IO.Stream")]
    [InlineData("GC.Collect();", "System.GC")]
    [InlineData("var l = new List<System.IO.FileInfo>();", "System.IO.FileInfo")]
    [InlineData("if (a2 is System.IO.Stream) return 0;", "System.IO.Stream")]
    [InlineData("Func<string, bool> f = System.IO.File.Exists;", "System.IO.File")]
    [InlineData("var n = typeof(System.IO.File).Name;", "System.IO.File")]
    [InlineData("var t = Type.GetType(\"System.IO.File\");", "System.Type.GetType")]
    [InlineData("Action quit = () => Environment.Exit(1);", "System.Environment")]
    [InlineData("Console.WriteLine(Environment.SpecialFolder.Personal);", "System.Environment")]
    public async Task A_banned_api_is_a_policy_violation_naming_it(string statement, string api)
    {
        var code = "public class Solution { public int Solve(int a, int b) { object a2 = a; " + statement.Replace("ref a", "ref a2") + " return a + b; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.PolicyViolation);
        result.Diagnostics.Should().Contain(api);
        result.Total.Should().Be(3);
        result.Passed.Should().Be(0);
    }

    [Fact]
    public async Task Ordinary_collections_linq_text_and_math_are_allowed()
    {
        var code = "using System.Text.RegularExpressions; using System.Numerics; public class Solution { public int Solve(int a, int b) { var sb = new StringBuilder(); sb.Append(a); var q = new PriorityQueue<int, int>(); q.Enqueue(b, b); var big = BigInteger.Pow(2, 100); var sw = System.Diagnostics.Stopwatch.StartNew(); return int.Parse(sb.ToString()) + q.Dequeue() + (Regex.IsMatch(\"ab\", \"a.\") ? 0 : 1) + (big > 0 ? 0 : 1); } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
    }

    [Fact]
    public async Task Code_the_compiler_generates_uses_no_banned_api()
    {
        // Records, iterators, lambdas, indexers, interpolation, tuple names, lock and array initialisers make the compiler
        // reference types in System.Runtime, System.Diagnostics, System.Reflection and System.Threading by itself.
        var code = """
            public record Point(int X, int Y);
            public class Solution
            {
                private readonly int[] _table = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };
                public int this[int i] => _table[i];
                private static IEnumerable<int> Count(int n) { for (int i = 0; i < n; i++) yield return i; }
                public int Solve(int a, int b)
                {
                    (int Sum, string Text) t = (a + b, $"{a}+{b}");
                    Func<int, int> twice = x => x * 2;
                    var p = new Point(a, b) with { Y = b };
                    int s = p switch { { X: var x } => x };
                    lock (_table) { s += Count(b).Sum() * 0; }
                    return t.Sum + twice(0) + this[0] * 0 + (t.Text.Length > 0 ? 0 : 1) + s - a;
                }
            }
            """;

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
    }

    [Theory]
    [InlineData("public class Solution { public List<int> Solve(List<int> a) => a.Where(x => x % 2 == 0).Select(x => $\"{x}\".Length).ToList(); }", false)]
    [InlineData("public class Solution { public int Solve(int a) { var l = new List<int> { a }; foreach (var x in l) a += x; return a; } }", false)]
    [InlineData("public class Solution { public int Solve(int a) => System.IO.File.Exists(\"x\") ? 1 : a; }", true)]
    [InlineData("public class Solution { public int Solve(int a) => typeof(int).Name.Length + a; }", true)]
    public void The_semantic_walk_runs_only_for_an_image_that_references_a_banned_api(string code, bool walks)
    {
        // The walk binds every method body again; most answers reference nothing banned and skip it.
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq;\n" + code);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("answer", [tree],
            Compiler.AnswerCompiler.AllowedReferences.Select(n => Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(
                Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), n + ".dll"))),
            new(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, optimizationLevel: Microsoft.CodeAnalysis.OptimizationLevel.Release));
        using var image = new MemoryStream();
        compilation.Emit(image).Success.Should().BeTrue();

        Compiler.BannedApis.NeedsWalk(tree, image.ToArray(), default).Should().Be(walks);
    }

    [Fact]
    public async Task A_syntax_error_is_a_compile_error_with_the_line()
    {
        var result = await fixture.Sandbox.RunAsync("public class Solution { public int Solve(int a, int b) { return a + ; } }", SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError);
        result.Diagnostics.Should().Contain("(1,");
    }

    [Fact]
    public async Task Unsafe_code_does_not_compile()
    {
        var result = await fixture.Sandbox.RunAsync("public class Solution { public unsafe int Solve(int a, int b) { int* p = &a; return *p + b; } }", SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError);
    }

    [Theory]
    [InlineData("public class Answer { public int Solve(int a, int b) => a + b; }", "not found")]
    [InlineData("public class Solution { public int Solve(int a) => a; }", "takes 1 parameter")]
    [InlineData("public class Solution { public int Solve(int a, int b) => a; public int Solve(long a, long b) => 0; }", "overloads")]
    [InlineData("public class Solution { public Solution(int x) { } public int Solve(int a, int b) => a + b; }", "parameterless constructor")]
    public async Task An_entry_point_that_does_not_fit_the_tests_is_a_compile_error(string code, string why)
    {
        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError);
        result.Diagnostics.Should().Contain(why);
    }

    [Fact]
    public async Task A_solution_inside_a_namespace_is_found()
    {
        var result = await fixture.Sandbox.RunAsync("namespace Contest { public class Solution { public static int Solve(int a, int b) => a + b; } }", SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
    }

    [Fact]
    public async Task A_malformed_specification_is_the_task_authors_error()
    {
        var spec = new System.Text.Json.Nodes.JsonObject { ["entryPoint"] = "Solve", ["tests"] = new System.Text.Json.Nodes.JsonArray() };

        var act = () => fixture.Sandbox.RunAsync(SandboxFixture.Adder, spec);

        await act.Should().ThrowAsync<R1GymException>().WithMessage("*'tests' must be a non-empty array*");
    }
}
