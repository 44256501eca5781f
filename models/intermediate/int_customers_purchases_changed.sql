{#- The log incremental purchase models recompute from (docs/decisions.md,
    "Daily runs"): per build, one row carrying the build's inputs (no
    customer), and one row per customer whose completed purchases that build
    may have changed. A customer's purchases are their staged completed
    orders up to as_of_date, the items of those orders and the products'
    categories, so they can change only where
    - one of their order rows was checked in the build, or an item row of
      one of their orders (a check can stage, reject or swap a row);
    - one of their completed orders lies between the last build's as_of_date
      and this build's;
    - the other inputs changed (products and their categories, reporting
      grains and time zone, and inactivity_days for the models of activity):
      then every customer with a completed order.
    A full build logs its inputs only: every model reading the log is
    built in full with it. -#}
{{ config(
    materialized=loyalty.checked_rows_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
) }}
-- depends_on: {{ ref('base_loyalty__orders') }}
-- depends_on: {{ ref('base_loyalty__order_items') }}
-- depends_on: {{ ref('stg_loyalty__orders') }}
{%- set last_build = loyalty.last_logged_purchase_inputs() %}

with

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

products as (
    select * from {{ ref('stg_loyalty__products') }}
),

inputs as (
    select
        reporting_window.as_of_date,
        reporting_window.first_event_date,
        {%- if loyalty.checked_rows_materialization() == 'incremental' %}
        md5({{ dbt.concat([
            "'" ~ loyalty.reporting_grains() | join(',') ~ "|" ~ loyalty.reporting_timezone()
                ~ "|" ~ var('inactivity_days') ~ "|'",
            "case when reporting_window.as_of_date is null then 'no events' else 'events' end",
            "'|'",
            "(select " ~ dbt.listagg("products.product_id || ':' || coalesce(products.category, '')", "','", "order by products.product_id") ~ " from products)",
        ]) }}) as inputs_key
        {%- else %}
        {#- Only an incremental build compares the inputs with the last build's. #}
        cast(null as {{ dbt.type_string() | lower }}) as inputs_key
        {%- endif %}
    from reporting_window
),

{% if last_build %}
orders as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__orders') }}
),

order_items as (
    select * from {{ ref('base_loyalty__order_items') }}
),

staged_orders as (
    select * from {{ ref('stg_loyalty__orders') }}
),

changed_customers as (
    select orders.customer_id from orders
    where orders.checked_at > {{ last_build.logged_at }}

    union

    select orders.customer_id from order_items
    inner join orders
        on order_items.order_id = orders.order_id
    where order_items.checked_at > {{ last_build.logged_at }}

    union

    select staged_orders.customer_id from staged_orders
    cross join inputs
    where
        staged_orders.is_completed
        and (
            inputs.inputs_key <> '{{ last_build.inputs_key }}'
            {%- if last_build.as_of_date is not none %}
            or (
                staged_orders.ordered_date > least(inputs.as_of_date, {{ last_build.as_of_date }})
                and staged_orders.ordered_date <= greatest(inputs.as_of_date, {{ last_build.as_of_date }})
            )
            {%- endif %}
        )
),
{% endif %}

final as (
    select
        cast(null as {{ dbt.type_string() | lower }}) as customer_id,
        inputs.as_of_date,
        inputs.first_event_date,
        inputs.inputs_key,
        {{ loyalty.run_timestamp() }} as logged_at
    from inputs
    {%- if last_build %}

    union all

    select
        changed_customers.customer_id,
        inputs.as_of_date,
        inputs.first_event_date,
        inputs.inputs_key,
        {{ loyalty.run_timestamp() }} as logged_at
    from changed_customers
    cross join inputs
    where changed_customers.customer_id is not null
    {%- endif %}
)

select * from final
