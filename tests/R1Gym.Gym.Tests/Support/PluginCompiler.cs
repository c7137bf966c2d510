using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using R1Gym.Abstractions;

namespace R1Gym.Gym.Tests.Support;

/// <summary>Compiles a real plugin assembly with Roslyn into <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>, as a plugin build would.</summary>
public static class PluginCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || System.IO.Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(ITaskPlugin).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    public static string Compile(string pluginsDirectory, string name, string source) =>
        Compile(pluginsDirectory, name, source, References.Value);

    /// <summary>
    /// Compiles a plugin against a stand-in R1Gym.Abstractions of assembly version <paramref name="sdkVersion"/> (only
    /// an empty <c>ITaskPlugin</c>), as if it were built against another SDK release; the stand-in is not written.
    /// </summary>
    public static string CompileAgainstSdk(string pluginsDirectory, string name, Version sdkVersion)
    {
        var sdk = CSharpCompilation.Create("R1Gym.Abstractions",
            [CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{sdkVersion}\")] namespace R1Gym.Abstractions {{ public interface ITaskPlugin {{ }} }}")],
            References.Value.Where(r => !r.Display!.EndsWith("R1Gym.Abstractions.dll", StringComparison.Ordinal)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = sdk.Emit(image);
        if (!emitted.Success)
            throw new InvalidOperationException(string.Join(Environment.NewLine, emitted.Diagnostics));
        var references = References.Value.Where(r => !r.Display!.EndsWith("R1Gym.Abstractions.dll", StringComparison.Ordinal))
            .Append(MetadataReference.CreateFromImage(image.ToArray())).ToArray();
        return Compile(pluginsDirectory, name, "public sealed class NewPlugin : R1Gym.Abstractions.ITaskPlugin { }", references);
    }

    private static string Compile(string pluginsDirectory, string name, string source, IEnumerable<MetadataReference> references)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(name, [tree, CSharpSyntaxTree.ParseText("global using System; global using System.Linq; global using System.Collections.Generic; global using System.Threading; global using System.Threading.Tasks;")],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var folder = System.IO.Path.Combine(pluginsDirectory, name);
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, name + ".dll");
        using var memory = new MemoryStream();
        var result = compilation.Emit(memory);
        if (!result.Success)
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        File.WriteAllBytes(path, memory.ToArray());
        return path;
    }
}
