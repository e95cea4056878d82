using System.Text.Json;

namespace DumboFL.Runner.Cluster;

/// <summary>
/// Typed access to one JSON object of a cluster or key file. Every problem becomes a one-line
/// <see cref="ClusterFileException"/> that names the file, the object (<c>nodes[3]</c>) and the field.
/// </summary>
internal readonly struct JsonFields
{
    private readonly JsonElement _element;
    private readonly string _file;
    private readonly string _where;

    public JsonFields(JsonElement element, string file, string where)
    {
        _file = file;
        _where = where;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"expected an object, found {Describe(element.ValueKind)}");
        }
        _element = element;
    }

    /// <summary>Parses a whole file; duplicate keys are refused so that no field has two readings.</summary>
    public static JsonDocument Parse(byte[] utf8, string file)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new ClusterFileException($"{file}: not valid JSON ({e.Message})", e);
        }
    }

    public ClusterFileException Fail(string message) =>
        new($"{_file}: {(_where.Length == 0 ? "" : _where + ": ")}{message}");

    /// <summary>An optional field: false when absent.</summary>
    public bool TryField(string name, out JsonElement value) => _element.TryGetProperty(name, out value);

    public JsonElement Field(string name) =>
        _element.TryGetProperty(name, out var value) ? value : throw Fail($"missing field '{name}'");

    public string String(string name)
    {
        var value = Field(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Fail($"'{name}' must be a string, found {Describe(value.ValueKind)}");
        }
        var text = value.GetString()!;
        return text.Length > 0 ? text : throw Fail($"'{name}' is empty");
    }

    public int Int(string name, int min, int max)
    {
        var value = Field(name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Fail($"'{name}' must be an integer, found {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Describe(value.ValueKind))}");
        }
        return number >= min && number <= max
            ? (int)number
            : throw Fail($"'{name}' is {number}, must be in {min}..{max}");
    }

    public byte[] Hex(string name)
    {
        var text = String(name);
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw Fail($"'{name}' is not hex");
        }
    }

    public byte[] Base64(string name)
    {
        var text = String(name);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Fail($"'{name}' is not base64");
        }
    }

    public IReadOnlyList<JsonElement> Array(string name)
    {
        var value = Field(name);
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToArray()
            : throw Fail($"'{name}' must be an array, found {Describe(value.ValueKind)}");
    }

    public JsonFields Object(JsonElement element, string where) => new(element, _file, where);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
