using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Compiled by MSBuild's RoslynCodeTaskFactory against netstandard2.0, hence the older APIs.
// TorchSharp's native library is built with GCC 13 and asks for GLIBCXX_3.4.32 only for
// std::ios_base_library_init(), a marker symbol that is never called. Older libstdc++ builds
// (Debian 12 stops at 3.4.30) refuse to load it. Marking that one version requirement weak
// (VER_FLG_WEAK in the ELF .gnu.version_r section) lets the dynamic loader accept the library.
public class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string VersionName { get; set; } = "GLIBCXX_3.4.32";

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || SystemLibstdcxxProvides(VersionName))
        {
            return true;
        }

        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            int patched;
            try
            {
                patched = Patch(bytes, VersionName);
            }
            catch (Exception ex) when (ex is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                Log.LogError($"Cannot read the ELF version needs of '{path}': {ex.Message}. Delete the file and rebuild.");
                return false;
            }

            if (patched > 0)
            {
                // Write beside and rename, so a hard link into the NuGet cache is never modified.
                var temp = path + ".weak";
                File.WriteAllBytes(temp, bytes);
                File.Delete(path);
                File.Move(temp, path);
                Log.LogMessage(MessageImportance.Normal, $"Marked {VersionName} weak in {path}");
            }
        }

        return true;
    }

    private static bool SystemLibstdcxxProvides(string versionName)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(versionName + "\0");
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
            }
        }

        return false;
    }

    /// <returns>The number of version requirements newly marked weak.</returns>
    public static int Patch(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        }

        var sectionHeaderOffset = (long)BitConverter.ToUInt64(elf, 0x28);
        int sectionHeaderSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        var patched = 0;

        for (var i = 0; i < sectionCount; i++)
        {
            var header = (int)(sectionHeaderOffset + (long)i * sectionHeaderSize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = (int)BitConverter.ToUInt64(elf, header + 0x18);
            var linkedStrings = (int)BitConverter.ToUInt32(elf, header + 0x28);
            var entryCount = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            var stringsHeader = (int)(sectionHeaderOffset + (long)linkedStrings * sectionHeaderSize);
            var stringsOffset = (int)BitConverter.ToUInt64(elf, stringsHeader + 0x18);

            var verneed = offset;
            for (var n = 0; n < entryCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, verneed + 2);
                var aux = verneed + (int)BitConverter.ToUInt32(elf, verneed + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var flags = BitConverter.ToUInt16(elf, aux + 4);
                    var nameOffset = (int)BitConverter.ToUInt32(elf, aux + 8);
                    if (ReadString(elf, stringsOffset + nameOffset) == versionName && (flags & VerFlagWeak) == 0)
                    {
                        var weak = (ushort)(flags | VerFlagWeak);
                        elf[aux + 4] = (byte)(weak & 0xFF);
                        elf[aux + 5] = (byte)(weak >> 8);
                        patched++;
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                verneed += (int)BitConverter.ToUInt32(elf, verneed + 12);
            }
        }

        return patched;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static string ReadString(byte[] data, int offset)
    {
        var end = Array.IndexOf(data, (byte)0, offset);
        return Encoding.ASCII.GetString(data, offset, end - offset);
    }
}
