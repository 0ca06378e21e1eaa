//! The uncompressed kernel inside an x86 `bzImage`, for a boot that skips
//! the kernel's own decompressor.
//!
//! A `bzImage` is a small real-mode setup program, a decompressor, and the
//! compressed kernel (`vmlinux`, an ELF file). Booted as it is, the
//! decompressor unpacks about 65 MB, which under QEMU's software emulation
//! takes seconds of a boot that is otherwise under two. QEMU can instead
//! load the ELF file itself and jump to its PVH entry point (the ELF note
//! `XEN_ELFNOTE_PHYS32_ENTRY`, present when the kernel is built with
//! `CONFIG_PVH`, as Debian's are), so xtask unpacks the ELF once, into the
//! kernel cache, here.
//!
//! Where the compressed kernel sits is in the boot protocol's setup header
//! (Documentation/arch/x86/boot.rst): `setup_sects` at 0x1f1 (the setup
//! program's length in 512-byte sectors, after the boot sector),
//! `payload_offset` at 0x248 and `payload_length` at 0x24c (the payload's
//! place, counted from the end of the setup program); the payload's first
//! bytes say how it is compressed. Debian 12 compresses with xz, unstable
//! with zstd.

use std::io::Read;

/// Why a file gave no kernel ELF: said in one line, and the boot then uses
/// the `bzImage` as it is.
pub type Why = String;

/// The ELF kernel packed in `bzimage`, if it is an x86 `bzImage` compressed
/// in a way this reads ([`formats`]) and holds a PVH entry point.
pub fn unpack(bzimage: &[u8]) -> Result<Vec<u8>, Why> {
    let payload = payload(bzimage)?;
    let elf = decompress(payload)?;
    if !has_pvh_entry(&elf) {
        return Err("the kernel has no PVH entry point (built without CONFIG_PVH)".into());
    }
    Ok(elf)
}

/// The compressed kernel's bytes, found through the setup header.
fn payload(bzimage: &[u8]) -> Result<&[u8], Why> {
    let word = |at: usize| -> Option<usize> {
        let bytes = bzimage.get(at..at + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
    };
    // "HdrS" at 0x202 marks a boot-protocol header.
    if bzimage.get(0x202..0x206) != Some(b"HdrS".as_slice()) {
        return Err("not an x86 bzImage (no HdrS setup header)".into());
    }
    let setup_sectors = match bzimage[0x1f1] {
        // A value of 0 means 4, for very old kernels.
        0 => 4,
        sectors => usize::from(sectors),
    };
    let start = (setup_sectors + 1) * 512;
    let (Some(offset), Some(length)) = (word(0x248), word(0x24c)) else {
        return Err("the bzImage's setup header is cut short".into());
    };
    bzimage
        .get(start + offset..start + offset + length)
        .ok_or_else(|| "the bzImage's payload lies past its end".into())
}

/// A compressed payload's decoder: the decompressed bytes, or why not.
type Decoder = fn(&[u8]) -> Result<Vec<u8>, Why>;

/// The compressions [`unpack`] reads: each one's name, its magic bytes and
/// its decoder. One table, so that the list of names [`formats`] gives (which
/// the kernel cache remembers a failure with) is always this one.
const DECODERS: [(&str, &[u8], Decoder); 3] = [
    ("xz", b"\xfd7zXZ\x00", unxz),
    ("zstd", b"\x28\xb5\x2f\xfd", unzstd),
    ("gzip", b"\x1f\x8b", ungzip),
];

/// The names of the compressions [`unpack`] reads, `xz, zstd, gzip`. A reason
/// for having no ELF file is remembered with this, so that a later xtask
/// that reads more tries again.
pub fn formats() -> String {
    DECODERS.map(|(name, _, _)| name).join(", ")
}

/// `payload`, decompressed by its magic bytes.
fn decompress(payload: &[u8]) -> Result<Vec<u8>, Why> {
    let Some((_, _, decoder)) = DECODERS
        .iter()
        .find(|(_, magic, _)| payload.starts_with(magic))
    else {
        let magic: Vec<String> = payload.iter().take(4).map(|b| format!("{b:02x}")).collect();
        return Err(format!(
            "the kernel is compressed in a way xtask does not read (magic {}; it reads {})",
            magic.join(" "),
            formats()
        ));
    };
    let elf =
        decoder(payload).map_err(|error| format!("the kernel did not decompress: {error}"))?;
    if !elf.starts_with(b"\x7fELF") {
        return Err("the decompressed kernel is not an ELF file".into());
    }
    Ok(elf)
}

fn unxz(payload: &[u8]) -> Result<Vec<u8>, Why> {
    read_all(lzma_rust2::XzReader::new(payload, false))
}

fn ungzip(payload: &[u8]) -> Result<Vec<u8>, Why> {
    read_all(flate2::read::GzDecoder::new(payload))
}

/// Everything a decoding reader gives.
fn read_all(mut decoder: impl Read) -> Result<Vec<u8>, Why> {
    let mut elf = Vec::new();
    decoder
        .read_to_end(&mut elf)
        .map_err(|error| error.to_string())?;
    Ok(elf)
}

/// A zstd frame, decompressed and held to the checksum it carries and to
/// the size after it. The kernel's build writes the checksum (`zstd -22`
/// does by default) and then the uncompressed size in four bytes
/// (`size_append`); its own decompressor checks the checksum too
/// (lib/zstd/decompress/zstd_decompress.c), but a PVH boot never runs that
/// decompressor, so a cut or damaged download is caught here or nowhere.
fn unzstd(payload: &[u8]) -> Result<Vec<u8>, Why> {
    let mut decoder =
        ruzstd::decoding::StreamingDecoder::new(payload).map_err(|error| error.to_string())?;
    let mut elf = Vec::new();
    decoder
        .read_to_end(&mut elf)
        .map_err(|error| error.to_string())?;
    // The decoder reads one frame and leaves the rest of the payload.
    let (after, frame) = decoder.into_parts();
    if let Some(written) = frame.get_checksum_from_data()
        && frame.get_calculated_checksum() != Some(written)
    {
        return Err("its checksum does not match".into());
    }
    if let Some(size) = after
        .first_chunk::<4>()
        .map(|size| u32::from_le_bytes(*size))
        && size as usize != elf.len()
    {
        return Err(format!(
            "it came out {} bytes long, and the size after it says {size}",
            elf.len()
        ));
    }
    Ok(elf)
}

/// Whether the 64-bit little-endian ELF file `elf` has a note of type 18,
/// `XEN_ELFNOTE_PHYS32_ENTRY`, the 32-bit entry point QEMU's PVH boot
/// jumps to.
fn has_pvh_entry(elf: &[u8]) -> bool {
    const PT_NOTE: u32 = 4;
    const XEN_ELFNOTE_PHYS32_ENTRY: u32 = 18;
    let bytes = |at: usize, n: usize| elf.get(at..at.checked_add(n)?);
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes(at, 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(bytes(at, 4)?.try_into().ok()?));
    let u64_at = |at: usize| Some(u64::from_le_bytes(bytes(at, 8)?.try_into().ok()?));
    // ELFCLASS64, little-endian: what an x86_64 kernel is.
    if elf.get(4..6) != Some(&[2, 1]) {
        return false;
    }
    // Every offset comes from the file, so every sum is checked: a file
    // that lies about its sizes gives "no entry point", never a panic.
    let notes = || -> Option<bool> {
        let phoff = usize::try_from(u64_at(0x20)?).ok()?;
        let phentsize = usize::from(u16_at(0x36)?);
        let phnum = usize::from(u16_at(0x38)?);
        for index in 0..phnum {
            let header = phoff.checked_add(index.checked_mul(phentsize)?)?;
            if u32_at(header)? != PT_NOTE {
                continue;
            }
            let offset = usize::try_from(u64_at(header.checked_add(8)?)?).ok()?;
            let size = usize::try_from(u64_at(header.checked_add(32)?)?).ok()?;
            let end = offset.checked_add(size)?;
            let mut at = offset;
            // Each note: name size, descriptor size, type, then the name
            // and the descriptor, each padded to 4 bytes.
            while at.checked_add(12)? <= end {
                let name_size = u32_at(at)? as usize;
                let desc_size = u32_at(at.checked_add(4)?)? as usize;
                let kind = u32_at(at.checked_add(8)?)?;
                let name = elf.get(at + 12..(at + 12).checked_add(name_size)?)?;
                if name == b"Xen\0" && kind == XEN_ELFNOTE_PHYS32_ENTRY {
                    return Some(true);
                }
                let padded = |size: usize| size.checked_next_multiple_of(4);
                at = at
                    .checked_add(12)?
                    .checked_add(padded(name_size)?)?
                    .checked_add(padded(desc_size)?)?;
            }
        }
        Some(false)
    };
    notes().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A 64-bit ELF header with one PT_NOTE program header holding `notes`.
    fn elf_with_notes(notes: &[(&[u8], u32)]) -> Vec<u8> {
        let mut body = Vec::new();
        for (name, kind) in notes {
            body.extend((name.len() as u32).to_le_bytes());
            body.extend(4u32.to_le_bytes());
            body.extend(kind.to_le_bytes());
            body.extend(*name);
            body.resize(body.len().next_multiple_of(4), 0);
            body.extend(0x0100_0850u32.to_le_bytes());
        }
        let mut elf = vec![0u8; 0x40 + 0x38];
        elf[..6].copy_from_slice(b"\x7fELF\x02\x01");
        elf[0x20..0x28].copy_from_slice(&0x40u64.to_le_bytes()); // phoff
        elf[0x36..0x38].copy_from_slice(&0x38u16.to_le_bytes()); // phentsize
        elf[0x38..0x3a].copy_from_slice(&1u16.to_le_bytes()); // phnum
        let header = 0x40;
        elf[header..header + 4].copy_from_slice(&4u32.to_le_bytes()); // PT_NOTE
        elf[header + 8..header + 16].copy_from_slice(&(0x78u64).to_le_bytes());
        elf[header + 32..header + 40].copy_from_slice(&(body.len() as u64).to_le_bytes());
        elf.extend(body);
        elf
    }

    /// A bzImage-shaped file: boot sector and one setup sector, the header
    /// fields, and `payload` right after the setup program.
    fn bzimage(payload: &[u8]) -> Vec<u8> {
        let mut image = vec![0u8; 2 * 512];
        image[0x1f1] = 1;
        image[0x202..0x206].copy_from_slice(b"HdrS");
        image[0x248..0x24c].copy_from_slice(&0u32.to_le_bytes());
        image[0x24c..0x250].copy_from_slice(&(payload.len() as u32).to_le_bytes());
        image.extend(payload);
        image
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_pvh_kernel_is_unpacked() {
        let elf = elf_with_notes(&[(b"Xen\0", 6), (b"Xen\0", 18)]);
        assert_eq!(unpack(&bzimage(&gzip(&elf))).unwrap(), elf);
    }

    /// A zstd frame as the kernel's build writes it: the frame, then the
    /// uncompressed size in four bytes.
    fn zstd(bytes: &[u8]) -> Vec<u8> {
        let mut frame =
            ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest);
        frame.extend((bytes.len() as u32).to_le_bytes());
        frame
    }

    #[test]
    fn a_zstd_kernel_is_unpacked_and_a_damaged_one_refused() {
        let elf = elf_with_notes(&[(b"Xen\0", 18)]);
        assert_eq!(unpack(&bzimage(&zstd(&elf))).unwrap(), elf);
        let mut damaged = zstd(&elf);
        // A byte of the compressed data, past the frame's header.
        let at = damaged.len() / 2;
        damaged[at] ^= 0x40;
        let why = unpack(&bzimage(&damaged)).unwrap_err();
        assert!(why.contains("checksum does not match"), "{why}");
        let mut wrong_size = zstd(&elf);
        let at = wrong_size.len() - 4;
        wrong_size[at] ^= 1;
        let why = unpack(&bzimage(&wrong_size)).unwrap_err();
        assert!(why.contains("the size after it says"), "{why}");
    }

    #[test]
    fn a_kernel_without_the_entry_note_is_refused() {
        let elf = elf_with_notes(&[(b"Xen\0", 6), (b"GNU\0", 18)]);
        let why = unpack(&bzimage(&gzip(&elf))).unwrap_err();
        assert!(why.contains("CONFIG_PVH"), "{why}");
    }

    #[test]
    fn a_note_that_lies_about_its_size_is_no_entry_point_not_a_panic() {
        let mut elf = elf_with_notes(&[(b"Xen\0", 18)]);
        // The note's name size, at the start of the note segment (0x78).
        elf[0x78..0x7c].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(!has_pvh_entry(&elf));
        let mut elf = elf_with_notes(&[(b"Xen\0", 18)]);
        // The program header table's offset, past any file.
        elf[0x20..0x28].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(!has_pvh_entry(&elf));
    }

    #[test]
    fn other_files_say_why() {
        assert!(unpack(b"not a kernel").unwrap_err().contains("HdrS"));
        let lz4_magic = bzimage(b"\x02\x21\x4c\x18 rest");
        let why = unpack(&lz4_magic).unwrap_err();
        assert!(
            why.contains("02 21 4c 18") && why.contains("xz, zstd, gzip"),
            "{why}"
        );
        let mut cut = bzimage(&gzip(b"x"));
        cut.truncate(cut.len() - 1);
        assert!(unpack(&cut).unwrap_err().contains("past its end"));
    }
}
