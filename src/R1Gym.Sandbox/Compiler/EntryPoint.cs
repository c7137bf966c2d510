using Microsoft.CodeAnalysis;
using R1Gym.Sandbox.Protocol;

namespace R1Gym.Sandbox.Compiler;

/// <summary>Finds the function-mode entry point in the answer and checks it can take the tests' arguments.</summary>
internal static class EntryPoint
{
    public sealed record Found(string? TypeName, string? MethodName, string? Error);

    public static Found Resolve(Microsoft.CodeAnalysis.Compilation compilation, CompileRequest request)
    {
        string wanted = request.EntryType!;
        var candidates = AllTypes(compilation.Assembly.GlobalNamespace)
            .Where(t => t.ToDisplayString() == wanted).ToList();
        if (candidates.Count == 0)
        {
            // The model may wrap Solution in a namespace: accept a unique type with that simple name.
            string simple = wanted[(wanted.LastIndexOf('.') + 1)..];
            candidates = AllTypes(compilation.Assembly.GlobalNamespace).Where(t => t.Name == simple).ToList();
        }
        if (candidates.Count != 1)
            return Fail(candidates.Count == 0 ? $"type '{wanted}' was not found; the tests call {wanted}.{request.EntryMethod}"
                : $"type name '{wanted}' is ambiguous ({candidates.Count} types)");
        var type = candidates[0];
        if (type.IsGenericType)
            return Fail($"type '{wanted}' must not be generic");

        var methods = type.GetMembers(request.EntryMethod!).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToList();
        if (methods.Count != 1)
            return Fail(methods.Count == 0 ? $"method '{request.EntryMethod}' was not found in '{wanted}'"
                : $"method '{request.EntryMethod}' has {methods.Count} overloads; the tests need exactly one");
        var method = methods[0];
        if (method.IsGenericMethod)
            return Fail($"method '{request.EntryMethod}' must not be generic");
        if (method.Parameters.Any(p => p.RefKind != RefKind.None))
            return Fail($"method '{request.EntryMethod}' must not have ref, out or in parameters");
        for (int i = 0; i < request.ArgCounts.Count; i++)
            if (request.ArgCounts[i] != method.Parameters.Length)
                return Fail($"{wanted}.{request.EntryMethod} takes {method.Parameters.Length} parameter(s) but tests[{i}] passes {request.ArgCounts[i]}");
        if (!method.IsStatic && (type.IsAbstract || type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
                || (type.TypeKind == TypeKind.Class && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0))))
            return Fail($"'{wanted}' needs a parameterless constructor, or make {request.EntryMethod} static");
        return new Found(MetadataName(type), method.Name, null);
    }

    private static Found Fail(string why) => new(null, null, why);

    private static string MetadataName(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
            return MetadataName(outer) + "+" + type.MetadataName;
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{type.MetadataName}" : type.MetadataName;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
                foreach (var t in AllTypes(child))
                    yield return t;
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
                foreach (var nested in type.GetTypeMembers())
                    yield return nested;
            }
        }
    }
}
