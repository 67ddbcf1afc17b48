#pragma once
// Resource templates (<template>, crm rsc_template): what a primitive with template="T" gets
// from T. Pure.

#include <string>

#include "xml/cib.h"

namespace keel {

// The template named `id`, or nullptr.
const Primitive* FindTemplate(const Configuration& config, const std::string& id);

// `p` with `tmpl`'s content filled in: class, provider and type (when `p` has none), its
// attribute sets after `p`'s own (the first set holding a name wins, so `p`'s values override),
// and its operations except those `p` defines itself (same name and interval).
Primitive WithTemplate(const Primitive& p, const Primitive& tmpl);

// Every primitive naming a template expanded (WithTemplate; one naming an unknown template is
// left as it is), and each template turned into a tag of the primitives using it, so that a
// constraint naming the template applies to every one of them (a ticket naming it becomes one
// ticket per primitive). The result has no templates.
Configuration WithTemplatesExpanded(const Configuration& config);

}  // namespace keel
