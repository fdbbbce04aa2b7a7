# The Debian package (`cpack -G DEB` in the build folder, or `make package`): everything that
# `cmake --install` installs, under /usr. dpkg-shlibdeps derives the Qt 6, QCustomPlot and LibTorch
# runtime libraries from the binaries and the plugin; python3-torch is a test oracle and never a
# dependency.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME statelens)
set(CPACK_PACKAGE_VENDOR "The StateLens authors")
# No mail address is owned for the project yet. Debian's Maintainer field needs one, so the default
# uses the reserved .invalid domain (RFC 2606), which no one can register or receive mail at; a
# packager sets a real one.
set(STATELENS_MAINTAINER "The StateLens authors <maintainers@statelens.invalid>"
    CACHE STRING "The Debian package's Maintainer: Name <address>")
set(CPACK_PACKAGE_CONTACT "${STATELENS_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Browse, remap and test-load PyTorch checkpoints")
set(CPACK_PACKAGE_DESCRIPTION
    "StateLens opens PyTorch checkpoints (.pth, .pt, .ckpt, .bin), safetensors files and sharded
checkpoint indexes, shows their state dict as a tree without running any code from the file,
renames and drops keys with undoable rules, test-loads the result into a TorchScript model and
exports it. statelens-cli does the same from scripts and CI.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/docs/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
if(STATELENS_HOMEPAGE_URL)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${STATELENS_HOMEPAGE_URL}")
endif()
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded by Qt at run time, so dpkg-shlibdeps cannot see it: the SVG icon engine. The xcb and offscreen
# platform plugins come with libqt6gui6, which shlibdeps names (qt6-qpa-plugins holds only VNC and TUIO,
# and a fresh Debian 12 runs the GUI on X11 without it); tests/install/tst_package checks both.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
include(CPack)
