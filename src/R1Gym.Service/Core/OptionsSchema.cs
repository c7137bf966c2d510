using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace R1Gym.Service.Core;

/// <summary>A JSON Schema of a task's options record: each settable property with its type, default and range.</summary>
public static class OptionsSchema
{
    public static JsonObject For(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        object? defaults = optionsType.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(optionsType);
        var properties = new JsonObject();
        foreach (var p in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var schema = TypeSchema(p.PropertyType);
            if (defaults is not null)
                schema["default"] = JsonSerializer.SerializeToNode(p.GetValue(defaults), p.PropertyType);
            if (p.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                schema["minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                schema["maximum"] = JsonValue.Create(Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture));
            }
            if (p.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
                schema["pattern"] = pattern.Pattern;
            if (p.GetCustomAttribute<DescriptionAttribute>() is { } description)
                schema["description"] = description.Description;
            properties[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = schema;
        }
        return new JsonObject { ["type"] = "object", ["title"] = optionsType.Name, ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject TypeSchema(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner.IsEnum)
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(inner).Select(n => (JsonNode)n).ToArray()) };
        string name = Type.GetTypeCode(inner) switch
        {
            TypeCode.Boolean => "boolean",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
            TypeCode.String or TypeCode.Char => "string",
            _ => inner.IsArray || (inner != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(inner) && !IsDictionary(inner)) ? "array" : "object",
        };
        return new JsonObject { ["type"] = name };
    }

    private static bool IsDictionary(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) || typeof(System.Collections.IDictionary).IsAssignableFrom(type);
}
