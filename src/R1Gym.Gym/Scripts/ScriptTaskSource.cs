using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// A <c>.csx</c> script task compiled with Roslyn scripting. <see cref="ScriptVetting"/> compiles it and runs its
/// registration first in a child process with a time limit, then loads the vetted assembly here; compile errors name
/// file, line and column. <see cref="Compile"/> (the probe's compile step) caches by content hash within a process.
/// </summary>
internal sealed class ScriptTaskSource(string displayName, string path, ScriptVetting vetting) : TaskSource(displayName, TaskSourceKind.Script)
{
    private static readonly ConcurrentDictionary<string, Lazy<Script<object>>> Cache = new(StringComparer.Ordinal);

    private static readonly string[] Imports =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading", "System.Threading.Tasks",
        "System.ComponentModel.DataAnnotations", "System.Text.Json.Nodes", "R1Gym.Abstractions",
    ];

    public override void Register(ITaskCatalog catalog)
    {
        if (vetting.Run(path, new ScriptGlobals(catalog)) is ITaskPlugin plugin)
            plugin.Register(catalog);
    }

    /// <summary>Compiles (or fetches from the cache) the script at <paramref name="path"/>.</summary>
    /// <exception cref="ScriptCompilationException">The script has errors; the message lists them with positions.</exception>
    internal static Script<object> Compile(string path)
    {
        var code = File.ReadAllText(path, Encoding.UTF8);
        var key = Path.GetFullPath(path) + "|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<Script<object>>(() => CompileNow(path, code)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove(key, out _);
            throw;
        }
    }

    private static Script<object> CompileNow(string path, string code)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = ScriptOptions.Default
            .WithFilePath(Path.GetFullPath(path))
            .WithFileEncoding(Encoding.UTF8)
            .WithReferences(typeof(ITaskPlugin).Assembly, typeof(RangeAttribute).Assembly, typeof(JsonObject).Assembly, typeof(Enumerable).Assembly)
            .WithImports(Imports)
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, directory))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(directory))
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(false);
        var script = CSharpScript.Create(code, options, globalsType: typeof(ScriptGlobals));
        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        if (errors.Length > 0)
            throw new ScriptCompilationException(path, errors);
        return script;
    }
}

/// <summary>A script task that does not compile; <see cref="Errors"/> are formatted as <c>file(line,column): error CSxxxx: message</c>.</summary>
public sealed class ScriptCompilationException : R1GymException
{
    internal ScriptCompilationException(string path, ImmutableArray<Diagnostic> diagnostics)
        : this(path, diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format).ToList())
    {
    }

    internal ScriptCompilationException(string path, IReadOnlyList<string> errors)
        : base($"Script task {path} does not compile ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", errors.Take(10)))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }

    private static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var file = string.IsNullOrEmpty(span.Path) ? "<script>" : span.Path;
        return $"{file}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
