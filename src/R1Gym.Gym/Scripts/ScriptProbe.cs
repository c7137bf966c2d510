using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// The child-process side of script vetting (<c>dotnet exec R1Gym.Gym.ScriptProbe.dll script.csx out.dll result.json</c>):
/// compiles the script, writes its assembly, runs its registration once against a catalog that only records, and writes
/// <see cref="ScriptProbeResult"/>. A script that hangs, overflows its stack or exits takes down only this process;
/// the parent sees no result file and names the script.
/// </summary>
internal static class ScriptProbe
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Entry point of the probe process; returns its exit code (0 when a result file was written).</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: R1Gym.Gym.ScriptProbe <script.csx> <out.dll> <result.json>");
            return 64;
        }
        var (script, output, result) = (args[0], args[1], args[2]);
        ScriptProbeResult outcome;
        try
        {
            var compiled = ScriptTaskSource.Compile(script);
            var entry = Emit(compiled, output);
            var catalog = new RecordingCatalog();
            var value = ScriptAssembly.Run(Assembly.LoadFrom(output), entry.Type, entry.Method, new ScriptGlobals(catalog));
            (value as ITaskPlugin)?.Register(catalog);
            outcome = new ScriptProbeResult { EntryType = entry.Type, EntryMethod = entry.Method, Tasks = catalog.Ids };
        }
        catch (ScriptCompilationException e)
        {
            outcome = new ScriptProbeResult { CompileErrors = [.. e.Errors] };
        }
        catch (Exception e)
        {
            while (e is TargetInvocationException { InnerException: { } inner })
                e = inner;
            outcome = new ScriptProbeResult { Error = e is R1GymException ? e.Message : $"{e.GetType().Name}: {e.Message}" };
        }
        File.WriteAllText(result, JsonSerializer.Serialize(outcome, Json));
        return 0;
    }

    private static (string Type, string Method) Emit(Script<object> script, string output)
    {
        var compilation = script.GetCompilation();
        using (var stream = File.Create(output))
        {
            var emitted = compilation.Emit(stream);
            if (!emitted.Success)
                throw new ScriptCompilationException(script.Options.FilePath, emitted.Diagnostics);
        }
        var entry = compilation.GetEntryPoint(CancellationToken.None)
            ?? throw new R1GymException($"Script task {script.Options.FilePath} compiled to an assembly without an entry point.");
        var ns = entry.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        return (ns + entry.ContainingType.MetadataName, entry.MetadataName);
    }

    /// <summary>Records what a script registers; nothing is created.</summary>
    private sealed class RecordingCatalog : ITaskCatalog, IServiceProvider
    {
        public List<string> Ids { get; } = [];

        public IServiceProvider Services => this;

        public object? GetService(Type serviceType) => null;

        public void AddTask<TOptions>(string id, Func<TOptions, IReasoningTask> create, string description = "")
            where TOptions : TaskOptions, new() => Ids.Add(id);

        public void AddEnvironment<TOptions>(string id, Func<TOptions, IEnvironment> create, string description = "")
            where TOptions : TaskOptions, new() => Ids.Add(id);

        public void AddChecker(string name, IAnswerChecker checker) => Ids.Add("checker:" + name);

        public void AddTool(string name, Func<ITool> create) => Ids.Add("tool:" + name);
    }
}

/// <summary>What the probe reports: the entry point of a script that registered cleanly, or why it did not.</summary>
internal sealed record ScriptProbeResult
{
    public string? EntryType { get; init; }
    public string? EntryMethod { get; init; }
    public List<string> Tasks { get; init; } = [];
    public List<string>? CompileErrors { get; init; }
    public string? Error { get; init; }
}

/// <summary>Runs a compiled script's submission the way Roslyn's script runner does: slot 0 holds the globals.</summary>
internal static class ScriptAssembly
{
    public static object? Run(Assembly assembly, string entryType, string entryMethod, ScriptGlobals globals)
    {
        var method = assembly.GetType(entryType, throwOnError: true)!
            .GetMethod(entryMethod, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new R1GymException($"The compiled script {assembly.Location} has no {entryType}.{entryMethod}; delete it to have it compiled again.");
        var submissions = new object?[2];
        submissions[0] = globals;
        var task = (Task<object>)method.Invoke(null, [submissions])!;
        return task.GetAwaiter().GetResult();
    }
}
