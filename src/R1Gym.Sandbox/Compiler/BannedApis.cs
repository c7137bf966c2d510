using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace R1Gym.Sandbox.Compiler;

/// <summary>
/// The semantic lint that turns obvious escape attempts into policy_violation before anything runs: files,
/// reflection, interop, processes, network, threads, environment. It is a learning signal for the model and a
/// first filter, never the security boundary (the worker's namespaces and seccomp filter are).
/// The walk binds every method body a second time (emit bound them once), so it runs only when the emitted image
/// references something it could object to: every type an answer calls, creates, casts to or names in a signature is
/// a type reference in the image, and most answers reference nothing banned.
/// </summary>
internal static class BannedApis
{
    private static readonly string[] BannedNamespaces =
    [
        "System.IO", "System.Reflection", "System.Runtime", "System.Diagnostics", "System.Net", "System.Threading",
        "System.Security", "System.Resources", "System.ComponentModel", "System.Configuration", "Microsoft.Win32",
    ];

    private static readonly HashSet<string> BannedTypes =
    [
        "System.Environment", "System.AppDomain", "System.AppContext", "System.Activator", "System.GC", "System.TypedReference",
        "System.RuntimeTypeHandle", "System.RuntimeMethodHandle", "System.RuntimeFieldHandle", "System.ModuleHandle",
    ];

    private static readonly HashSet<string> BannedMembers = ["System.Type.GetType", "System.Type.InvokeMember", "System.Type.GetTypeFromHandle"];

    private static readonly string[] AllowedNamespaces = ["System.Diagnostics.CodeAnalysis", "System.Threading.Tasks"];

    private static readonly HashSet<string> AllowedTypes =
    [
        "System.IO.TextReader", "System.IO.TextWriter", "System.IO.StringReader", "System.IO.StringWriter",
        "System.IO.IOException", "System.IO.EndOfStreamException", "System.IO.InvalidDataException",
        "System.Diagnostics.Stopwatch", "System.Diagnostics.Debug", "System.Threading.Interlocked", "System.Threading.Volatile",
        "System.Threading.CancellationToken", "System.Threading.Lock",
        "System.Runtime.CompilerServices.MethodImplAttribute", "System.Runtime.CompilerServices.MethodImplOptions",
    ];

    /// <summary>
    /// Types in banned namespaces that the compiler references by itself: marker attributes (on the assembly, on
    /// lambdas, iterators, records, indexers, tuple names, ref safety) and the string interpolation handler. An image
    /// that references only these needs no walk; a user who writes one of them explicitly gains nothing.
    /// </summary>
    private static readonly HashSet<string> CompilerEmitted =
    [
        .. ((string[])
        [
            "CompilationRelaxationsAttribute", "RuntimeCompatibilityAttribute", "RefSafetyRulesAttribute", "CompilerGeneratedAttribute",
            "ExtensionAttribute", "IteratorStateMachineAttribute", "TupleElementNamesAttribute", "IsExternalInit", "IsReadOnlyAttribute",
            "IsByRefLikeAttribute", "IsUnmanagedAttribute", "RequiresLocationAttribute", "ScopedRefAttribute", "ParamCollectionAttribute",
            "RequiredMemberAttribute", "CompilerFeatureRequiredAttribute", "NativeIntegerAttribute", "PreserveBaseOverridesAttribute",
            "NullableAttribute", "NullableContextAttribute", "DefaultInterpolatedStringHandler",
        ]).Select(name => "System.Runtime.CompilerServices." + name),
        "System.Diagnostics.DebuggableAttribute", "System.Diagnostics.DebuggableAttribute.DebuggingModes",
        "System.Diagnostics.DebuggerHiddenAttribute", "System.Diagnostics.DebuggerBrowsableAttribute", "System.Diagnostics.DebuggerBrowsableState",
        "System.Diagnostics.DebuggerStepThroughAttribute", "System.Diagnostics.DebuggerNonUserCodeAttribute", "System.Reflection.DefaultMemberAttribute",
    ];

    /// <summary>
    /// The first banned use in <paramref name="tree"/>, as "API (why)"; null when there is none. <paramref name="image"/>
    /// is the assembly emitted from it: when that references nothing banned, the semantic walk is skipped.
    /// </summary>
    public static string? FindViolation(SyntaxTree tree, CSharpCompilation compilation, byte[] image, CancellationToken ct) =>
        NeedsWalk(tree, image, ct) ? Walk(tree, compilation.GetSemanticModel(tree), ct) : null;

    /// <summary>
    /// True unless the answer provably uses nothing the walk could report: the image references no banned type or
    /// member, and the source declares no extern method and uses none of the undocumented keywords (whose types, like
    /// TypedReference, are encoded as element types rather than references).
    /// </summary>
    internal static bool NeedsWalk(SyntaxTree tree, byte[] image, CancellationToken ct)
    {
        foreach (var node in tree.GetRoot(ct).DescendantNodes())
            if (node.Kind() is SyntaxKind.MakeRefExpression or SyntaxKind.RefTypeExpression or SyntaxKind.RefValueExpression or SyntaxKind.ArgListExpression
                || (node is MethodDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.ExternKeyword)))
                return true;

        using var pe = new PEReader(ImmutableCollectionsMarshal.AsImmutableArray(image));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.TypeReferences)
        {
            var (name, ns) = ReferenceName(metadata, handle);
            if (TypeViolation(name, ns) is not null && !CompilerEmitted.Contains(name))
                return true;
        }
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference
                && BannedMembers.Contains($"{ReferenceName(metadata, (TypeReferenceHandle)member.Parent).Name}.{metadata.GetString(member.Name)}"))
                return true;
        }
        return false;
    }

    /// <summary>A type reference's full name (outer types joined with '.', as <see cref="FullName"/> writes it) and its namespace.</summary>
    private static (string Name, string Namespace) ReferenceName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        string name = metadata.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            var outer = ReferenceName(metadata, (TypeReferenceHandle)type.ResolutionScope);
            return ($"{outer.Name}.{name}", outer.Namespace);
        }
        string ns = metadata.GetString(type.Namespace);
        return (ns.Length == 0 ? name : $"{ns}.{name}", ns);
    }

    private static string? Walk(SyntaxTree tree, SemanticModel model, CancellationToken ct)
    {
        var own = model.Compilation.Assembly;
        foreach (var node in tree.GetRoot(ct).DescendantNodes())
        {
            switch (node.Kind())
            {
                case SyntaxKind.MakeRefExpression or SyntaxKind.RefTypeExpression or SyntaxKind.RefValueExpression or SyntaxKind.ArgListExpression:
                    return $"{node.GetFirstToken().Text} (undocumented runtime keywords are not allowed)";
            }
            if (node is MethodDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.ExternKeyword))
                return "extern methods (native code is not allowed)";
            if (node is not (SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ElementAccessExpressionSyntax))
                continue;
            var info = model.GetSymbolInfo(node, ct);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            if ((Violation(symbol, own) ?? Violation(model.GetTypeInfo(node, ct).Type, own)) is { } found)
                return found;
        }
        return null;
    }

    private static string? Violation(ISymbol? symbol, IAssemblySymbol own)
    {
        switch (symbol)
        {
            case null or INamespaceSymbol or ILocalSymbol or IRangeVariableSymbol or ILabelSymbol or IDiscardSymbol:
                return symbol is ILocalSymbol local ? Violation(local.Type, own) : null;
            case IArrayTypeSymbol array:
                return Violation(array.ElementType, own);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers (unsafe code is not allowed)";
            case INamedTypeSymbol type:
                if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, own))
                    return null;
                foreach (var argument in type.TypeArguments)
                    if (Violation(argument, own) is { } inner)
                        return inner;
                return TypeViolation(FullName(type.OriginalDefinition), type.OriginalDefinition.ContainingNamespace?.ToDisplayString() ?? "");
            case IParameterSymbol parameter:
                return Violation(parameter.Type, own);
            default:
                if (SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, own))
                    return null;
                string member = $"{FullName(symbol.ContainingType)}.{symbol.Name}";
                if (BannedMembers.Contains(member))
                    return $"{member} (looking up types by name is not allowed)";
                return (symbol.ContainingType is { } owner ? Violation(owner, own) : null)
                    ?? symbol switch
                    {
                        IMethodSymbol method => Violation(method.ReturnType, own),
                        IPropertySymbol property => Violation(property.Type, own),
                        IFieldSymbol field => Violation(field.Type, own),
                        IEventSymbol e => Violation(e.Type, own),
                        _ => null,
                    };
        }
    }

    private static string? TypeViolation(string name, string ns)
    {
        if (AllowedTypes.Contains(name))
            return null;
        if (BannedTypes.Contains(name))
            return $"{name} (process and runtime control is not allowed)";
        if (AllowedNamespaces.Any(a => ns == a || ns.StartsWith(a + ".", StringComparison.Ordinal)))
            return null;
        foreach (string banned in BannedNamespaces)
            if (ns == banned || ns.StartsWith(banned + ".", StringComparison.Ordinal))
                return $"{name} ({banned} is not allowed in answers)";
        return null;
    }

    private static string FullName(INamedTypeSymbol? type)
    {
        if (type is null)
            return "";
        string prefix = type.ContainingType is { } outer ? FullName(outer) : type.ContainingNamespace?.ToDisplayString() ?? "";
        return string.IsNullOrEmpty(prefix) || prefix == "<global namespace>" ? type.MetadataName : $"{prefix}.{type.MetadataName}";
    }
}
