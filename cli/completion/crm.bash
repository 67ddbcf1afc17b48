# bash completion for Keel's crm. crm itself computes the candidates (`crm complete WORDS...`),
# from the same code as TAB in the interactive shell: commands, levels, resource and node ids,
# agents, and an agent's parameters from its meta-data.

_crm() {
  local line
  if [[ -n ${COMP_LINE-} && -n ${COMP_POINT-} ]]; then
    line=${COMP_LINE:0:COMP_POINT}
  else
    line="${COMP_WORDS[*]:0:COMP_CWORD+1}"
  fi
  # The words after "crm" as the shell splits them on blanks; the last one is being typed
  # (empty after a blank).
  local -a words
  read -r -a words <<<"$line"
  [[ $line == *[[:blank:]] ]] && words+=("")
  local cmd=${words[0]:-crm}
  words=("${words[@]:1}")
  ((${#words[@]} == 0)) && words=("")
  # bash splits the current word on COMP_WORDBREAKS (':' and '='): the candidates replace only
  # the part after the last break, so that part is what they must start with.
  local partial=${words[-1]} cur=${COMP_WORDS[COMP_CWORD]-}
  [[ $cur == [:=] ]] && cur=""
  local skip=$((${#partial} - ${#cur}))
  ((skip < 0)) && skip=0
  COMPREPLY=()
  local candidate nospace=""
  while IFS= read -r candidate; do
    [[ -z $candidate ]] && continue
    COMPREPLY+=("${candidate:skip}")
    [[ $candidate == *= ]] && nospace=1
  done < <("$cmd" complete "${words[@]}" 2>/dev/null)
  # compopt fails outside a completion (a scripted call): the candidates still stand.
  if [[ -n $nospace ]]; then compopt -o nospace 2>/dev/null || true; fi
  return 0
}

complete -F _crm crm
