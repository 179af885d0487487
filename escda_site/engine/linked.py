"""Logo images published as hard links to the cache instead of copies.

An archive build publishes ~2,000 cached PNG files (hundreds of MB): copying them into
every new output folder, then deleting the previous folder's copies, was a good part of
a warm build's time. A hard link costs one system call. It is only made when the link
behaves as a copy would: same file system, and the cached file already has the mode a
copy would get under the current umask (a web server must be able to read it). The cache
never rewrites a file in place (it replaces it atomically), so a published file never
changes under the site.
"""

from __future__ import annotations

import os
import shutil

from mkdocs.structure.files import File

from escda_site.engine import adapter


def current_umask() -> int:
    """The process's umask (read by setting it, then restoring it at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def link_instead_of_copy(file: File, umask: int) -> File:
    """`file` (backed by a file on disk) published as a hard link when that is a copy."""
    source = file.abs_src_path
    assert source is not None
    mode = 0o666 & ~umask

    def copy_file(dirty: bool = False) -> None:
        if dirty and not file.is_modified():
            return
        dest = file.abs_dest_path
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            if os.stat(source).st_mode & 0o777 != mode:
                raise OSError("mode differs from a copy's")
            if os.path.lexists(dest):
                os.remove(dest)
            os.link(source, dest)
        except OSError:  # another file system, other permissions…: a plain copy
            shutil.copyfile(source, dest)

    return adapter.replace_copy(file, copy_file)
