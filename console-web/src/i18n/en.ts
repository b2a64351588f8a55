import adminEn from './areas/admin.en'
import operatorEn from './areas/operator.en'
import reportsEn from './areas/reports.en'
import shellEn from './areas/shell.en'
import ticketsEn from './areas/tickets.en'
import agentDesk from './areas/agent.en'
import knowledgeEn from './areas/knowledge.en'
import workforceEn from './areas/workforce.en'
import supervisorDesk from './areas/supervisor.en'
import type { MessageSchema } from './zh-CN'

const en: MessageSchema = {
  ...shellEn,
  agentDesk,
  supervisorDesk,
  admin: adminEn,
  operator: operatorEn,
  tickets: ticketsEn,
  reports: reportsEn,
  workforce: workforceEn,
  knowledge: knowledgeEn,
  app: {
    title: 'Government Hotline Cloud Contact Centre',
    tenant: 'Tenant: ',
    tenantPlaceholder: 'No tenant selected',
    language: 'Language',
    collapseMenu: 'Collapse menu',
    expandMenu: 'Expand menu',
  },
  menu: {
    agent: 'Agent desktop',
    supervisor: 'Supervisor monitor',
    tickets: 'Tickets',
    knowledge: 'Knowledge base',
    reports: 'Reports',
    quality: 'Quality',
    scheduling: 'Scheduling',
    training: 'Training',
    announcements: 'Announcements',
    sms: 'SMS',
    tenantAdmin: 'Tenant admin',
    operator: 'Platform operations',
    status: 'Platform status',
  },
  placeholder: {
    underConstruction: 'Under construction',
    agent: 'Softphone over WebRTC, screen pop, ticket intake and knowledge search.',
    supervisor: 'Live agent and queue monitoring; listen in, barge in, whisper.',
    tickets: 'Ticket intake, dispatch, sign-for, handling, callback and archive, with SLA warnings.',
    knowledge: 'Maintaining and searching policy and service knowledge.',
    reports: 'Call, ticket and satisfaction reports.',
    tenantAdmin: 'Departments, users, roles, skill groups, seats and phone numbers.',
    operator: 'Tenant provisioning, quotas and running the platform.',
  },
  status: {
    title: 'Platform status',
    description: 'Health of each service, read through the gateway.',
    refresh: 'Refresh',
    checkedAt: 'Checked at {time}',
    neverChecked: 'Not checked yet',
    columns: {
      service: 'Service',
      path: 'Endpoint',
      status: 'Status',
      latency: 'Response time',
      problem: 'Error',
    },
    targets: {
      gateway: 'Gateway',
      tenant: 'Tenant service',
      call: 'Call service',
      ticket: 'Ticket service',
    },
    latencyMs: '{ms} ms',
    latencyChart: 'Response time (ms)',
    failedCalls: 'These calls failed:',
    networkError: 'Network error',
    timeout: 'Timed out',
  },
}

export default en
