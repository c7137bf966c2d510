using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using R1Gym.Sandbox.Protocol;

namespace R1Gym.Sandbox.Compiler;

/// <summary>
/// The warm compile step: Roslyn loaded once, a shared allow-listed reference set, size and nesting checked before
/// parsing, a banned-API check, emit to memory. Compiles run with a time limit on <see cref="CompileThreads"/>:
/// long-lived large-stack threads, one per core. It runs in the compiler process (R1Gym.Sandbox.Compiler), or in
/// the supervisor when that is off; the supervisor's CompileStep caches its results by source hash.
/// </summary>
internal static class AnswerCompiler
{
    /// <summary>
    /// Framework assemblies an answer may reference (everything else does not resolve). Process and sockets are
    /// referenced only so that using them is reported as policy_violation naming the API, a clearer signal than a
    /// missing namespace; the lint rejects them and the worker's seccomp filter and namespaces stop them regardless.
    /// </summary>
    public static readonly string[] AllowedReferences =
    [
        "System.Private.CoreLib", "System.Runtime", "System.Console", "System.Collections", "System.Linq",
        "System.Runtime.Numerics", "System.Text.RegularExpressions", "System.Memory", "System.Collections.Concurrent", "System.Threading.Tasks.Parallel",
        "System.Diagnostics.Process", "System.ComponentModel.Primitives", "System.Net.Primitives", "System.Net.Sockets",
    ];

    private const string ImplicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using System.Text;\n";

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        AllowedReferences.Select(n => (MetadataReference)MetadataReference.CreateFromFile(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), n + ".dll"))).ToArray());

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>
    /// One bound template per output kind holding the references and the implicit usings: each answer only adds its
    /// own tree, so Roslyn reuses the bound reference set instead of rebuilding it (about 3x less work per answer).
    /// Not deterministic: the image hash is not needed and costs time; the answer always gets a fresh load context.
    /// </summary>
    private static readonly Lazy<CSharpCompilation> LibraryTemplate = new(() => Template(OutputKind.DynamicallyLinkedLibrary));

    private static readonly Lazy<CSharpCompilation> ProgramTemplate = new(() => Template(OutputKind.ConsoleApplication));

    /// <summary>Compiles <paramref name="request"/> on a compile thread within the time limit; never throws for bad code.</summary>
    public static async Task<CompileOutcome> CompileAsync(CompileRequest request, CompileLimits limits, CancellationToken ct)
    {
        var done = new TaskCompletionSource<CompileOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(request, limits, ct, outcome => done.TrySetResult(outcome), e => done.TrySetException(e), () => done.TrySetCanceled(ct));
        return await done.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Compiles <paramref name="request"/> on a compile thread within the time limit and hands the outcome to
    /// <paramref name="done"/> on that thread (the compiler process writes its reply from there, with no hop through
    /// the thread pool); <paramref name="failed"/> gets an exception that is not the answer's fault, and
    /// <paramref name="canceled"/> is called when <paramref name="ct"/> fires first.
    /// </summary>
    public static void Post(CompileRequest request, CompileLimits limits, CancellationToken ct, Action<CompileOutcome> done, Action<Exception> failed, Action canceled)
    {
        if (SourcePrecheck.Check(request.Code, limits.MaxSourceChars, limits.MaxNestingDepth) is { } tooBig)
        {
            done(CompileOutcome.Error(Verdicts.CompileError, tooBig));
            return;
        }
        CompileThreads.Post(() =>
        {
            if (ct.IsCancellationRequested)
            {
                canceled();
                return;
            }
            // The time limit starts when the compile does, not while it waits for a thread, and counts this thread's CPU time.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var guard = new CompileGuard(timeout, limits.CompileTimeoutMs);
            var clock = Stopwatch.StartNew();
            CompileOutcome outcome;
            try
            {
                outcome = Compile(request, limits, timeout.Token) with { CompileMs = clock.Elapsed.TotalMilliseconds };
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                outcome = CompileOutcome.Error(Verdicts.CompileError, $"compilation took longer than {limits.CompileTimeoutMs} ms of CPU time") with { CompileMs = clock.Elapsed.TotalMilliseconds };
            }
            catch (OperationCanceledException)
            {
                canceled();
                return;
            }
            catch (Exception e)
            {
                failed(e);
                return;
            }
            done(outcome);
        });
    }

    /// <summary>Loads and JIT-compiles Roslyn (about a second) so the first real answer is not slow.</summary>
    public static Task WarmUpAsync(CancellationToken ct) =>
        CompileAsync(new CompileRequest("public static class Warm { public static int Solve(int a) => new List<int> { a }.Sum(); }", false, "Warm", "Solve", [1]),
            new CompileLimits(10_000, 128, 60_000, CheckBannedApis: true), ct);

    private static CompileOutcome Compile(CompileRequest request, CompileLimits limits, CancellationToken ct)
    {
        var tree = CSharpSyntaxTree.ParseText(request.Code, ParseOptions, "answer.cs", Encoding.UTF8, ct);
        var compilation = (request.Program ? ProgramTemplate : LibraryTemplate).Value.AddSyntaxTrees(tree);

        // Emit first: it reports every error GetDiagnostics would, and binding the method bodies once instead of
        // twice halves the cost. Nothing emitted runs before the lint and the entry-point check below pass.
        using var image = new MemoryStream();
        EmitResult emitted = compilation.Emit(image, cancellationToken: ct);
        if (!emitted.Success)
            return CompileOutcome.Error(Verdicts.CompileError, Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        byte[] assembly = image.ToArray();
        if (limits.CheckBannedApis && BannedApis.FindViolation(tree, compilation, assembly, ct) is { } banned)
            return CompileOutcome.Error(Verdicts.PolicyViolation, $"uses {banned}");

        string? typeName = null, methodName = null;
        if (!request.Program)
        {
            var entry = EntryPoint.Resolve(compilation, request);
            if (entry.Error is not null)
                return CompileOutcome.Error(Verdicts.CompileError, entry.Error);
            (typeName, methodName) = (entry.TypeName, entry.MethodName);
        }
        return new CompileOutcome(assembly, null, null, typeName, methodName);
    }

    private static CSharpCompilation Template(OutputKind kind)
    {
        var options = new CSharpCompilationOptions(kind, optimizationLevel: OptimizationLevel.Release, allowUnsafe: false,
            concurrentBuild: false, deterministic: false, nullableContextOptions: NullableContextOptions.Disable);
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "usings.cs");
        var template = CSharpCompilation.Create("answer", [usings], References.Value, options);
        // Binds the reference set now, once, rather than inside the first answer's compile.
        _ = template.GetTypeByMetadataName("System.Object");
        return template;
    }

    private static string Describe(IEnumerable<Diagnostic> errors) =>
        string.Join('\n', errors.Take(10).Select(d =>
        {
            var line = d.Location.GetLineSpan();
            return $"({line.StartLinePosition.Line + 1},{line.StartLinePosition.Character + 1}): {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }));
}
