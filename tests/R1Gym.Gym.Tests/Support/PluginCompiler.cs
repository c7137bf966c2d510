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

    public static string Compile(string pluginsDirectory, string name, string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(name, [tree, CSharpSyntaxTree.ParseText("global using System; global using System.Linq; global using System.Collections.Generic; global using System.Threading; global using System.Threading.Tasks;")],
            References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
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
