/**
 * What each rule means, for people who meet it away from the sentinel (a code scanning alert, a
 * report): one sentence of what changed and why it matters. The severity and the effect of each
 * finding still come from the policy's meaning; a rule names the kind of change.
 */
import type {RuleId} from './rules.js'

export const RULE_DESCRIPTIONS = {
  'state-weakened':
    'The policy is enforced less than the baseline says (enabled to report-only or disabled): the sign-ins it covered are no longer held to its controls.',
  'state-strengthened':
    'The policy is enforced more than the baseline says (report-only or disabled to enabled): sign-ins it covers now meet its controls.',
  'state-changed': 'The policy moved between states that enforce nothing (report-only and disabled).',
  'display-name-changed': "The policy's display name changed; what it enforces did not.",
  'display-name-taken':
    'The policy was renamed to the name another baseline policy carries: people and accepted-drift entries that know policies by name can mistake one for the other.',
  'description-changed': "The policy's description changed; what it enforces did not.",
  'exclusion-added':
    'An exclusion was added (a user, group, role, application, location or platform): the policy no longer applies to the sign-ins it names.',
  'exclusion-removed': 'An exclusion was removed: the policy now applies to sign-ins it left out before.',
  'include-narrowed': 'The policy includes less than before: sign-ins it covered are no longer held to its controls.',
  'include-widened': 'The policy includes more than before: it applies to sign-ins it did not cover.',
  'condition-narrowed':
    'A condition (client apps, platforms, locations, devices) now matches fewer sign-ins: the policy covers less.',
  'condition-widened': 'A condition now matches more sign-ins: the policy covers more.',
  'no-effect':
    'A change that alters no sign-in the policy covers or what it requires of them (for example a list reordered, or an exclusion already covered).',
  'scope-changed':
    'Who or what the policy applies to changed in a way that covers some sign-ins more and others less: read the change.',
  'risk-narrowed':
    'The user or sign-in risk levels the policy acts on were narrowed: risky sign-ins at the dropped levels are no longer held to its controls.',
  'agent-risk-narrowed':
    'The agent identity risk levels the policy acts on were narrowed: agents at the dropped risk levels are no longer held to it.',
  'agent-filter-changed':
    'The filter that picks agent identities (for example on a custom security attribute) changed: which agents the policy covers or exempts may differ.',
  'filter-changed':
    'A filter rule (devices, applications, service principals) changed: which sign-ins it matches may differ.',
  'block-removed': 'The policy no longer blocks access: the sign-ins it blocked may now succeed.',
  'block-added': 'The policy now blocks access for the sign-ins it covers.',
  'grant-control-removed':
    'A grant control (multifactor authentication, a compliant device, terms of use ...) is no longer required.',
  'grant-control-added': 'A grant control is now required as well.',
  'grant-alternative-added':
    'A control was added as an alternative (OR): a sign-in can now meet the policy with the weaker of the choices.',
  'grant-alternative-removed': 'An alternative control was removed: fewer ways remain to meet the policy.',
  'grant-control-changed': 'The grant controls changed without making the policy ask for more or for less.',
  'grant-operator-or':
    'The grant operator changed from AND to OR: meeting one of the controls now suffices where all were required.',
  'grant-operator-and': 'The grant operator changed from OR to AND: every control is now required.',
  'grant-operator-changed': 'The grant operator changed where it makes no difference (one control, or none).',
  'authentication-strength-weakened':
    'The authentication strength now accepts a weaker combination of methods (for example SMS where only phishing-resistant methods were accepted).',
  'authentication-strength-strengthened':
    'The authentication strength now accepts only stronger combinations of methods.',
  'authentication-strength-changed':
    'The authentication strength changed in a way that is neither plainly stronger nor weaker (or its combinations are not known): read the change.',
  'sign-in-frequency-longer': 'Users and agents are asked to sign in again less often than before.',
  'sign-in-frequency-shorter': 'Users and agents are asked to sign in again more often than before.',
  'session-control-weakened':
    'A session control (persistent browser, app-enforced or continuous access evaluation restrictions) is weaker than before.',
  'session-control-strengthened': 'A session control is stronger than before.',
  'session-control-removed': 'A session control was removed.',
  'session-control-added': 'A session control was added.',
  'session-control-changed':
    'A session control changed in a way that is neither plainly stronger nor weaker: read the change.',
  'unknown-change':
    'A change the sentinel cannot judge: its effect on sign-ins is unknown, so it is reported rather than called harmless.',
  'unmodelled-field-changed':
    'A property the sentinel does not model changed (a new or preview field of the policy): its effect is unknown.',
  'policy-missing':
    'A policy of the baseline is not in the tenant (deleted, or its id changed): whatever it enforced is no longer enforced.',
  'policy-added': 'A policy in the tenant is not in the baseline: an unmanaged change, reported with what it enforces.',
  'policy-recreated':
    'A baseline policy was deleted and created again under a new id with the same content: history and references to the old id are gone.',
  'exclusion-group-member-added':
    'A user joined a group the policy excludes (the policy JSON did not change): that user is now exempt from the policy.',
  'exclusion-group-member-removed': 'A user left a group the policy excludes: the policy now applies to that user.',
  'include-group-member-removed':
    'A user left a group the policy includes (the policy JSON did not change): the policy no longer applies to that user.',
  'include-group-member-added': 'A user joined a group the policy includes: the policy now applies to that user.',
  'group-membership-changed':
    'The members of a group the policy names changed, and the group is too large to list by member (tracked by count and hash): who joined or left cannot be told offline.',
  'excluded-role-holder-added':
    'A user was given (or made eligible through PIM for) a directory role the policy excludes (the policy JSON did not change): that user is now exempt from the policy, or can exempt themselves by activating the role.',
  'excluded-role-holder-removed':
    'A user no longer holds a directory role the policy excludes: the policy now applies to that user.',
  'included-role-holder-removed':
    'A user no longer holds (or now holds only as eligible, until activated) a directory role the policy includes: the policy no longer applies to that user whenever the role is not active.',
  'included-role-holder-added':
    'A user was given a directory role the policy includes: the policy now applies to that user.',
  'role-holders-changed':
    'The holders of a directory role the policy names changed, and whether it weakens the policy cannot be proven offline.',
  'exempt-principal-enabled':
    'A workload identity the policy excludes was enabled (accountEnabled false -> true): it can sign in again, and the policy does not apply to it.',
  'named-principal-missing':
    'A workload identity the policy includes is no longer in the tenant: a principal created again for the same app gets a new object id, which the policy does not name.',
  'authentication-context-unavailable':
    'An authentication context the policy targets was made unavailable (isAvailable false): apps stop requesting it to protect their resources, so the step-up the policy asks for is no longer asked.',
  'authentication-context-available': 'An authentication context the policy targets was made available to apps again.',
  'terms-of-use-changed':
    'Terms of use the policy requires changed (re-acceptance, expiry, per-device or viewing) or were deleted: whether accepting them now asks less cannot be told offline.',
  'agent-newly-exempt':
    "An agent identity's custom security attributes changed (the policy JSON did not): the policy's agent filter no longer covers it. For CA-COV012 (block agents not approved), an agent newly approved is let through: the approved set is the policy.",
  'agent-newly-covered':
    "An agent identity's attributes changed so that the policy now covers it (for example its approval was removed).",
  'agent-attribute-changed':
    "An agent identity's attributes changed and whether the policy covers it differently cannot be proven offline.",
  'named-location-widened':
    'A named location covers more (IP ranges or countries added): where it is trusted or excluded from a policy, more sign-ins escape that policy.',
  'named-location-narrowed':
    'A named location covers less: where a policy applies only in it (or blocks it), fewer sign-ins are held to that policy.',
  'named-location-trust-changed':
    'A named location was marked trusted or untrusted: policies that exempt trusted locations now cover different sign-ins.',
  'named-location-changed':
    'A named location changed in a way that changes no policy that uses it, as far as the sentinel can tell.',
  'named-location-missing':
    'A named location of the baseline is not in the tenant: policies that named it now name nothing there.',
  'named-location-added': 'A named location in the tenant is not in the baseline.',
} as const satisfies Record<RuleId, string>

/** The help shown beside a finding (code scanning's rule help): what the rule means and what to do. */
export function ruleHelp(rule: RuleId): {text: string; markdown: string} {
  const meaning = RULE_DESCRIPTIONS[rule]
  const steps = [
    'If the change was made on purpose, take it into the baseline (`sentinel baseline update --baseline <folder> --policy <name>`), or accept it for a while with an owner and an expiry (`sentinel baseline accept <fingerprint> --baseline <folder> --reason ... --expires YYYY-MM-DD`).',
    "If it was not, put the policy back as the baseline file says, and find who changed it (the directory audit log's Conditional Access entries).",
  ]
  return {
    text: `${meaning}\n\n${steps.join('\n')}`,
    markdown: `**${rule}**: ${meaning}\n\n${steps.map((s) => `- ${s}`).join('\n')}`,
  }
}
