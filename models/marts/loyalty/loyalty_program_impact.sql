{{ config(enabled=loyalty.using('loyalty')) }}
with

periods as (
    select * from {{ ref('int_periods') }}
),

customer_status as (
    select * from {{ ref('int_customers_period_status') }}
),

members as (
    select * from {{ ref('stg_loyalty__loyalty_members') }}
),

at_start as (
    {#- S of docs/metrics.md section 4, split by membership on the same day (p_start - 1). -#}
    select
        customer_status.period_grain,
        customer_status.period_start,
        customer_status.is_active_at_end as is_retained,
        members.customer_id is not null as is_member
    from customer_status
    inner join periods
        on
            customer_status.period_grain = periods.period_grain
            and customer_status.period_start = periods.period_start
    left join members
        on
            customer_status.customer_id = members.customer_id
            and {{ loyalty.is_member_on('members', 'periods.start_day') }}
    where customer_status.is_active_at_start
),

groups as (
    select
        at_start.period_grain,
        at_start.period_start,
        count(case when at_start.is_member then 1 end) as member_customers_at_start,
        count(case when at_start.is_member and at_start.is_retained then 1 end) as member_retained,
        count(case when not at_start.is_member then 1 end) as non_member_customers_at_start,
        count(case when not at_start.is_member and at_start.is_retained then 1 end) as non_member_retained
    from at_start
    group by at_start.period_grain, at_start.period_start
),

filled as (
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        coalesce(groups.member_customers_at_start, 0) as member_customers_at_start,
        coalesce(groups.member_retained, 0) as member_retained,
        coalesce(groups.non_member_customers_at_start, 0) as non_member_customers_at_start,
        coalesce(groups.non_member_retained, 0) as non_member_retained
    from periods
    left join groups
        on
            periods.period_grain = groups.period_grain
            and periods.period_start = groups.period_start
),

final as (
    select
        filled.period_grain,
        filled.period_start,
        cast(filled.member_customers_at_start as {{ dbt.type_bigint() }}) as member_customers_at_start,
        cast(filled.member_retained as {{ dbt.type_bigint() }}) as member_retained,
        {{ loyalty.safe_divide('filled.member_retained', 'filled.member_customers_at_start') }}
            as member_retention_rate,
        cast(filled.non_member_customers_at_start as {{ dbt.type_bigint() }}) as non_member_customers_at_start,
        cast(filled.non_member_retained as {{ dbt.type_bigint() }}) as non_member_retained,
        {{ loyalty.safe_divide('filled.non_member_retained', 'filled.non_member_customers_at_start') }}
            as non_member_retention_rate,
        {%- for part in ['difference', 'ci_low', 'ci_high', 'z_score', 'p_value'] %}
        {%- set statistic = loyalty.two_proportion_test(
            part,
            'filled.member_retained', 'filled.member_customers_at_start',
            'filled.non_member_retained', 'filled.non_member_customers_at_start') %}
        cast({{ statistic }} as {{ loyalty.type_double() }}) as {{ 'retention_difference' if part == 'difference' else part }},
        {%- endfor %}
        filled.is_complete_period
    from filled
)

select * from final
