using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>
/// Writes a <see cref="ReplayLine"/> as one JSON object: the fixed keys always, the operation's keys
/// on success only, `expect`/`pass`/`failed` on lines with expectations (`failed` only when false).
/// </summary>
public static class ReplayJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(ReplayLine line)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("i", line.I);
            w.WriteNumber("line", line.Line);
            w.WriteString("op", line.Op);
            Strings(w, "args", line.Args);
            w.WriteBoolean("ok", line.Ok);
            if (line.Errno is null) w.WriteNull("errno");
            else w.WriteString("errno", line.Errno);
            w.WriteStartArray("effects");
            foreach (var e in line.Effects) Effect(w, e);
            w.WriteEndArray();
            Keys(w, line.Keys);
            if (!line.Expect.IsEmpty)
            {
                Strings(w, "expect", line.Expect);
                w.WriteBoolean("pass", line.Pass);
                if (!line.Pass) Strings(w, "failed", line.Failed);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Keys(Utf8JsonWriter w, OperationKeys k)
    {
        if (k.Handle is { } handle) w.WriteNumber("handle", handle);
        if (k.New is { } isNew) w.WriteBoolean("new", isNew);
        if (k.SameAs is { } sameAs) Strings(w, "same_as", sameAs);
        if (k.Buf is { } buf) w.WriteString("buf", buf);
        if (k.SameBufAs is { } sameBufAs) Strings(w, "same_buf_as", sameBufAs);
        if (k.AccMode is { } mode) w.WriteString("accmode", mode == AccessMode.ReadWrite ? "O_RDWR" : "O_RDONLY");
        if (k.CloExec is { } cloExec) w.WriteBoolean("cloexec", cloExec);
        if (k.Size is { } size) w.WriteNumber("size", size);
        if (k.Placement is { } placement) Placement(w, "placement", placement);
        if (k.PinCount is { } pinCount) w.WriteNumber("pin_count", pinCount);
        if (k.Attachments is { } attachments) w.WriteNumber("attachments", attachments);
        if (k.Value is { } value) w.WriteNumber("value", value);
    }

    private static void Effect(Utf8JsonWriter w, EffectRecord e)
    {
        w.WriteStartObject();
        w.WriteString("kind", e.Kind);
        w.WriteString("bo", e.Bo);
        if (e.From is { } from) Placement(w, "from", from);
        if (e.To is { } to) Placement(w, "to", to);
        if (e.Bytes is { } bytes) w.WriteNumber("bytes", bytes);
        w.WriteEndObject();
    }

    private static void Placement(Utf8JsonWriter w, string key, Placement placement)
    {
        if (placement == Actors.Uapi.Placement.None) w.WriteNull(key);
        else w.WriteString(key, placement.Name());
    }

    private static void Strings(Utf8JsonWriter w, string key, IEnumerable<string> values)
    {
        w.WriteStartArray(key);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
