-- With every optional domain switched off (make integration-tests, second
-- build), only the purchase, retention, customer and quality marts exist.
-- Every returned row is a failure: a mart that should not be there, or one
-- that is missing.
{{ config(enabled=not var('loyalty__using_surveys', true)) }}
-- Runs after the core marts:
-- depends_on: {{ ref('cohort_retention') }}
-- depends_on: {{ ref('dim_customers') }}
-- depends_on: {{ ref('purchase_behaviour_by_period') }}
-- depends_on: {{ ref('purchase_behaviour_overall') }}
-- depends_on: {{ ref('rejected_rows') }}
-- depends_on: {{ ref('retention_by_period') }}
-- depends_on: {{ ref('source_reconciliation') }}
with

expected as (
    select table_name
    from (
        values
        ('cohort_retention'), ('dim_customers'), ('purchase_behaviour_by_period'),
        ('purchase_behaviour_overall'), ('rejected_rows'), ('retention_by_period'),
        ('source_reconciliation')
    ) as marts (table_name)
),

built as (
    select table_name
    from information_schema.tables
    where table_schema = 'marts'
)

select coalesce(built.table_name, expected.table_name) as table_name
from built
full outer join expected
    on built.table_name = expected.table_name
where built.table_name is null or expected.table_name is null
