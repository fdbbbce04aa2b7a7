# The Debian package (`cpack -G DEB` in the build folder, or `make package`): everything that
# `cmake --install` installs, under /usr. dpkg-shlibdeps derives the Qt 6, QCustomPlot and LibTorch
# runtime libraries from the binaries and the plugin; python3-torch is a test oracle and never a
# dependency.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME statelens)
set(CPACK_PACKAGE_VENDOR "The StateLens authors")
set(CPACK_PACKAGE_CONTACT "The StateLens authors <maintainers@statelens.org>")
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
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded by Qt at run time, so dpkg-shlibdeps cannot see them: the window system and the SVG icons.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6")
include(CPack)
