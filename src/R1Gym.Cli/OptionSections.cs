using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;

namespace R1Gym.Cli;

/// <summary>One configuration key: its section, name, type, default (as JSON) and the XML doc of its property.</summary>
internal sealed record OptionKey(string Section, string Name, string Type, string Default, string Description);

/// <summary>
/// The configuration sections r1gym binds, found by reflection: every options class of the R1Gym assemblies with a
/// public <c>SectionName</c> constant. Keys, types and defaults come from the types themselves and meanings from their
/// XML docs (the <c>*.xml</c> beside each assembly), so <c>r1gym config show</c> cannot drift from the code.
/// </summary>
internal static class OptionSections
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(Gym.GymOptions).Assembly, typeof(Training.GrpoOptions).Assembly, typeof(Sandbox.SandboxOptions).Assembly,
        typeof(Model.SamplingOptions).Assembly, typeof(Recipes.Demo.DemoOptions).Assembly,
    ];

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Section name -> options type, in name order.</summary>
    public static IReadOnlyDictionary<string, Type> All { get; } = Assemblies
        .SelectMany(a => a.GetExportedTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
        .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
        .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase)
        .OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .ToDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every settable key of <paramref name="section"/>'s options type, in declaration order.</summary>
    public static IReadOnlyList<OptionKey> Keys(string section, Type type)
    {
        var defaults = Activator.CreateInstance(type)!;
        var docs = Docs(type.Assembly);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .Select(p => new OptionKey(section, p.Name, TypeName(p.PropertyType),
                JsonSerializer.Serialize(p.GetValue(defaults), p.PropertyType, Json),
                docs.TryGetValue($"P:{p.DeclaringType!.FullName}.{p.Name}", out var doc) ? doc : ""))
            .ToList();
    }

    private static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return TypeName(inner) + "?";
        if (type.IsEnum)
            return string.Join("|", Enum.GetNames(type));
        return type switch
        {
            _ when type == typeof(int) => "int",
            _ when type == typeof(long) => "long",
            _ when type == typeof(double) => "double",
            _ when type == typeof(float) => "float",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(string) => "string",
            _ when type.IsArray => TypeName(type.GetElementType()!) + "[]",
            { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>",
            _ => type.Name,
        };
    }

    private static readonly Dictionary<Assembly, Dictionary<string, string>> Cache = [];

    /// <summary>Member id ("P:Ns.Type.Name") -> the summary as one line of plain text; empty when the XML file is missing.</summary>
    private static Dictionary<string, string> Docs(Assembly assembly)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(assembly, out var cached))
                return cached;
            var docs = new Dictionary<string, string>(StringComparer.Ordinal);
            var file = Path.ChangeExtension(assembly.Location, ".xml");
            if (File.Exists(file))
            {
                foreach (var member in XDocument.Load(file).Descendants("member"))
                {
                    if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                        docs[name] = PlainText(summary);
                }
            }
            return Cache[assembly] = docs;
        }
    }

    private static string PlainText(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } see => see.Attribute("cref")?.Value is { } cref
                    ? cref[(cref.LastIndexOf('.') + 1)..] : see.Attribute("langword")?.Value ?? see.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } r => r.Attribute("name")?.Value ?? "",
                XElement e => PlainText(e),
                _ => "",
            });
        }
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
