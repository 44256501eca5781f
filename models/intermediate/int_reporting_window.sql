{#- The reporting window of docs/metrics.md, Notation: as_of_date (the var, or
    the latest event date among staged orders, subscription starts, survey
    responses and ledger entries) and the earliest such event date. -#}
{{ loyalty.validate_vars() }}
with

orders as (
    select * from {{ ref('stg_loyalty__orders') }}
),

subscriptions as (
    select * from {{ ref('stg_loyalty__subscriptions') }}
),

survey_responses as (
    select * from {{ ref('stg_loyalty__survey_responses') }}
),

points_ledger as (
    select * from {{ ref('stg_loyalty__points_ledger') }}
),

event_dates as (
    select orders.ordered_date as event_date from orders
    union all
    select subscriptions.started_date as event_date from subscriptions
    union all
    select survey_responses.responded_date as event_date from survey_responses
    union all
    select points_ledger.occurred_date as event_date from points_ledger
),

final as (
    select
        min(event_dates.event_date) as first_event_date,
        {% if var('as_of_date') is not none -%}
        cast('{{ var("as_of_date") }}' as date) as as_of_date,
        {%- else -%}
        max(event_dates.event_date) as as_of_date,
        {%- endif %}
        {{ (var('as_of_date') is not none) | string | lower }} as is_as_of_date_set
    from event_dates
)

select * from final
