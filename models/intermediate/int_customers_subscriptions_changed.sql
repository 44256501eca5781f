{#- The log of subscription changes an incremental int_customers_period_status
    recomputes from, beside int_customers_purchases_changed (docs/decisions.md,
    "Daily runs"). Subscriptions are a small source read whole by every
    build, so there is no checked row to follow: each build hashes every
    customer's staged subscriptions (their start and end dates, the only
    columns activity reads) and logs the customers whose hash differs from
    the one logged last for them, with the new hash (null: no subscription
    any more), and one row of its own (no customer), so the log tells from
    when it holds every build. A full build logs every customer with a
    subscription. -#}
{{ config(
    materialized=loyalty.checked_rows_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
) }}

with

subscriptions as (
    select * from {{ ref('stg_loyalty__subscriptions') }}
),

current_keys as (
    select
        subscriptions.customer_id,
        {%- if loyalty.checked_rows_materialization() == 'incremental' %}
        md5({{ dbt.listagg(
            dbt.concat([
                dbt.cast('subscriptions.started_date', dbt.type_string() | lower),
                "'|'",
                "coalesce(" ~ dbt.cast('subscriptions.ended_date', dbt.type_string() | lower) ~ ", 'open')",
            ]),
            "','",
            "order by subscriptions.started_date, subscriptions.ended_date",
        ) }}) as subscriptions_key
        {%- else %}
        {#- Only an incremental build compares the hashes with the last ones. #}
        cast(null as {{ dbt.type_string() | lower }}) as subscriptions_key
        {%- endif %}
    from subscriptions
    group by subscriptions.customer_id
),

{% if is_incremental() %}
logged as (
    select * from {{ this }}
),

logged_in_order as (
    select
        logged.customer_id,
        logged.subscriptions_key,
        row_number() over (partition by logged.customer_id order by logged.logged_at desc) as recency
    from logged
    where logged.customer_id is not null
),

latest_logged as (
    {#- Each customer's hash as logged last (a customer is logged once per
        build, so no two rows tie). -#}
    select
        logged_in_order.customer_id,
        logged_in_order.subscriptions_key
    from logged_in_order
    where logged_in_order.recency = 1
),

changed as (
    select
        coalesce(current_keys.customer_id, latest_logged.customer_id) as customer_id,
        current_keys.subscriptions_key
    from current_keys
    full outer join latest_logged
        on current_keys.customer_id = latest_logged.customer_id
    where coalesce(current_keys.subscriptions_key, 'none') <> coalesce(latest_logged.subscriptions_key, 'none')
),
{% else %}
changed as (
    select * from current_keys
),
{% endif %}

final as (
    select
        cast(null as {{ dbt.type_string() | lower }}) as customer_id,
        cast(null as {{ dbt.type_string() | lower }}) as subscriptions_key,
        {{ loyalty.run_timestamp() }} as logged_at

    union all

    select
        changed.customer_id,
        changed.subscriptions_key,
        {{ loyalty.run_timestamp() }} as logged_at
    from changed
)

select * from final
