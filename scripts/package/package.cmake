# Install layout and the Debian package (CPack DEB). Included from the top-level
# CMakeLists.txt after every folder's own install() rules. doc/packaging.md explains it.
#
#   cmake --install build [--prefix /usr]        (DESTDIR=... honoured)
#   cpack --config build/CPackConfig.cmake -G DEB  -> keel_VERSION_ARCH.deb
#
# Paths outside the prefix are absolute (/etc/keel, /var/lib/keel, /var/log/keel, the systemd
# unit directory): with --prefix /usr, GNUInstallDirs gives /etc and /var for the FULL forms.

set(KEEL_PACKAGE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(KEEL_SYSCONFDIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/keel)
set(KEEL_SBINDIR ${CMAKE_INSTALL_FULL_SBINDIR})
set(KEEL_SYSTEMD_UNIT_DIR "/lib/systemd/system" CACHE PATH
    "Where keel.service is installed (Debian 12: /lib/systemd/system)")

# The systemd unit, with the configured paths.
configure_file(${KEEL_PACKAGE_DIR}/keel.service.in ${CMAKE_BINARY_DIR}/keel.service @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/keel.service DESTINATION ${KEEL_SYSTEMD_UNIT_DIR})

# Defaults and logrotate.
install(FILES ${KEEL_PACKAGE_DIR}/crmd.env DESTINATION ${KEEL_SYSCONFDIR})
install(FILES ${KEEL_PACKAGE_DIR}/keel.logrotate DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/logrotate.d
        RENAME keel)

# State directories: modes here; owners (hacluster:haclient) come from the package's postinst,
# since the user may not exist when `cmake --install` runs.
set(keel_dir_0750 OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
install(DIRECTORY DESTINATION ${CMAKE_INSTALL_FULL_LOCALSTATEDIR}/lib/keel
        DIRECTORY_PERMISSIONS ${keel_dir_0750})
install(DIRECTORY DESTINATION ${CMAKE_INSTALL_FULL_LOCALSTATEDIR}/lib/keel/cib
        DIRECTORY_PERMISSIONS ${keel_dir_0750})
install(DIRECTORY DESTINATION ${CMAKE_INSTALL_FULL_LOCALSTATEDIR}/lib/keel/shadow
        DIRECTORY_PERMISSIONS ${keel_dir_0750} GROUP_WRITE SETGID)
install(DIRECTORY DESTINATION ${CMAKE_INSTALL_FULL_LOCALSTATEDIR}/log/keel
        DIRECTORY_PERMISSIONS ${keel_dir_0750})

# Man pages, compressed as Debian wants them (gzip -n: no name or time stamp, reproducible).
file(GLOB keel_man_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/doc/man/*.[1-8])
foreach(page ${keel_man_pages})
  get_filename_component(name ${page} NAME)
  string(REGEX REPLACE ".*\\.([1-8])$" "\\1" section ${name})
  set(out ${CMAKE_BINARY_DIR}/man/${name}.gz)
  add_custom_command(OUTPUT ${out} COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
                     COMMAND sh -c "gzip -9nc '${page}' > '${out}'" DEPENDS ${page} VERBATIM)
  list(APPEND keel_man_outputs ${out})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(keel_man ALL DEPENDS ${keel_man_outputs})

# Bash completion for crm (cli/completion/crm.bash: crm itself computes the candidates).
install(FILES ${PROJECT_SOURCE_DIR}/cli/completion/crm.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME crm)

# Debian's copyright and changelog files.
set(keel_changelog ${CMAKE_BINARY_DIR}/changelog.gz)
add_custom_command(OUTPUT ${keel_changelog}
                   COMMAND sh -c "gzip -9nc '${KEEL_PACKAGE_DIR}/changelog' > '${keel_changelog}'"
                   DEPENDS ${KEEL_PACKAGE_DIR}/changelog VERBATIM)
add_custom_target(keel_changelog ALL DEPENDS ${keel_changelog})
install(FILES ${keel_changelog} ${KEEL_PACKAGE_DIR}/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keel)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The project has no mail address yet: .invalid is the top-level domain reserved for names
# that must not resolve (RFC 2606), so nobody mails a stranger by mistake.
set(CPACK_PACKAGE_CONTACT "Keel developers <keel@keel.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "cluster resource manager for load-balancer stacks")
# The extended description; CPack puts the summary above it as the synopsis.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Keel keeps a virtual IP, an IPVS director and HAProxy available on a Corosync\n\
cluster, in the spirit of Pacemaker: crmd runs on every node, the crm shell\n\
configures the cluster, OCF agents (ocf:keel:IPaddr, IPVSDirector, Proxy) run\n\
the resources.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Absolute destinations (/etc, /var, /lib/systemd) go through DESTDIR into the package root.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries the binaries link (libcpg4, libqb100, ...) come from dpkg-shlibdeps;
# corosync is the daemon crmd talks to, adduser runs in postinst, iproute2 is what
# ocf:keel:IPaddr runs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "corosync (>= 3), adduser, iproute2")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nftables, haproxy, fence-agents, resource-agents")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "corosync-qdevice, ipvsadm")
# Both ship /usr/sbin/crm and crm(8).
set(CPACK_DEBIAN_PACKAGE_CONFLICTS "crmsh")
# Files under /etc are conffiles: an upgrade keeps the administrator's edits.
file(WRITE ${CMAKE_BINARY_DIR}/conffiles
     "${KEEL_SYSCONFDIR}/crmd.env\n${CMAKE_INSTALL_FULL_SYSCONFDIR}/logrotate.d/keel\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/conffiles
    ${KEEL_PACKAGE_DIR}/postinst ${KEEL_PACKAGE_DIR}/prerm ${KEEL_PACKAGE_DIR}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
